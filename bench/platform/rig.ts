/**
 * Everything a platform-wide benchmark runs on, built once for `platform` and `faults`: a scratch
 * database (next to `databaseUrl`) and Redis prefix, the doubles (ARI with its callers in their
 * own process, speech synthesis, SMSC), and the services as separate `hotline start` processes —
 * ACD, IVR, dialer and `chatbots` chatbot instances — plus the SMS campaign. `account()` counts
 * afterwards that nothing was lost.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Acd, acdWorkingTime, saveQueue, saveSkills } from '../../agent-desktop/server/acd/index.ts';
import { acdKeys } from '../../agent-desktop/server/acd/keys.ts';
import { createWorkingTime } from '../../core/calendar/index.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { SmscDouble } from '../../dialer/doubles/index.ts';
import { alwaysOpenSchedule, freePort } from '../../e2e/processes.ts';
import { startSpeechDouble } from '../../ivr/speech/double.ts';
import { createScratchDatabase, type ScratchDatabase } from '../lib/index.ts';
import type { CallFacts, CallsSummary } from './calls.ts';
import { CallsDriver } from './calls-driver.ts';
import { accountCampaign, seedCampaignAudience, startCampaign } from './campaign.ts';
import { Fleet } from './fleet.ts';

export interface RigOptions {
  label: string;
  databaseUrl: string;
  redisUrl: string;
  chatbots: number;
  campaignContacts: number;
  /** Voice operators (phones on the ARI double) serving the queue callers reach with "0". */
  operators: number;
}

export type Rig = Awaited<ReturnType<typeof startRig>>;

/** chat-load.ts's JSON line: counts and latencies, and when each refused or unanswered message was sent. */
export type ChatLoadResult = Record<string, number> & { refused_at?: number[]; unanswered_at?: number[] };

export async function startRig(options: RigOptions) {
  const db: ScratchDatabase = await createScratchDatabase(options.label, options.databaseUrl);
  const prefix = `bench${options.label}${randomBytes(3).toString('hex')}`;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // a fault run kills Redis: ioredis reconnects by itself
  const dir = mkdtempSync(join(tmpdir(), `bench-${options.label}-`));
  const spool = join(dir, 'spool');
  const sounds = join(dir, 'sounds');
  // Prompts at ~33 characters a second (a brisk voice; the main menu lasts ~7 s), so a call of
  // a minute goes round the menus a couple of times.
  const speech = await startSpeechDouble({ msPerChar: 30 });
  const smsc = await SmscDouble.start({ systemId: 'hotline', password: 'secret' });
  const fleet = new Fleet();
  const calls = await CallsDriver.start(
    fleet.fork('ari', new URL('./calls.ts', import.meta.url), [spool, sounds, 'hotline']),
  );
  const common: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
    LOG_LEVEL: 'warn',
    ASTERISK_SPOOL_DIR: spool,
    RECORDINGS_DIR: join(dir, 'recordings'),
    CHATBOT_ATTACHMENTS_DIR: join(dir, 'attachments'),
  };
  const env: Record<string, Record<string, string>> = {
    acd: { ...common, ACD_GRPC_PORT: String(await freePort()) },
    ivr: {
      ...common,
      ARI_URL: calls.url,
      ARI_USER: 'ari',
      ARI_PASSWORD: 'ari',
      ARI_APP: 'hotline',
      IVR_SYNTHESIS: 'grpc',
      SPEECH_GRPC_ADDRESS: speech.address,
      IVR_SOUNDS_DIR: sounds,
    },
    dialer: { ...common, SMPP_URL: smsc.url, SMPP_SYSTEM_ID: 'hotline', SMPP_PASSWORD: 'secret' },
  };
  const chatUrls: string[] = [];
  for (let i = 0; i < options.chatbots; i++) {
    const port = await freePort();
    env[`chatbot${i + 1}`] = {
      ...common,
      CHATBOT_PORT: String(port),
      CHATBOT_HOST: '127.0.0.1',
      // Bench sessions write far faster than a person: the flood limit (still checked on every
      // frame) is raised so that the engine, not the limiter, is measured.
      CHATBOT_WEB_MESSAGES_PER_MINUTE: '100000',
      CHATBOT_WEB_BURST: '1000',
    };
    chatUrls.push(`http://127.0.0.1:${port}`);
  }
  const serviceOf = (label: string) => label.replace(/\d+$/, '');
  /** Starts (or restarts) one service by its label: acd, ivr, dialer, chatbot1… */
  const startOne = (label: string) => fleet.start(label, serviceOf(label), env[label]!);
  let campaign: Awaited<ReturnType<typeof startCampaign>>;
  let operatorEndpoints: Array<[string, string]>;
  try {
    operatorEndpoints = await addOperators(db, options.operators);
    // The ACD first: it publishes the queue definitions the others read; then one at a time, as
    // a loaded machine compiles each service's TypeScript slowly.
    for (const label of ['acd', ...Object.keys(env).filter((l) => l !== 'acd')]) await startOne(label);
    const acd = new Acd({
      redis,
      prefix,
      clock: systemClock,
      workingTime: acdWorkingTime(createWorkingTime({ clock: systemClock, timeZone: 'Asia/Krasnoyarsk' })),
    });
    for (const [agentId] of operatorEndpoints)
      await acd.login({ agentId, skills: [{ queue: 'voice_general', level: 5 }], state: 'ready' });
    await seedCampaignAudience(db.pool, options.campaignContacts);
    campaign = await startCampaign(db.pool, redis, prefix);
  } catch (error) {
    // Nothing left behind when the start fails half-way.
    await fleet.stopServices();
    await calls.close();
    fleet.killHelpers();
    await Promise.all([smsc.stop(), speech.close()]);
    redis.disconnect();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  /**
   * What is known of each call the accounting found without a row or never closed: its row
   * (state, outcome, event kinds in order), the IVR's saved call state and the ACD's record in
   * Redis — so a fault run's gaps can be explained from its output. No caller numbers.
   */
  async function describeGaps(
    placed: string[],
    placedAt: number[],
    closed: Map<string, boolean>,
    facts: Record<string, CallFacts>,
  ) {
    const gaps = placed
      .map((channel, i) => ({ channel, placedAt: placedAt[i]!, closed: closed.get(channel) }))
      .filter((call) => call.closed !== true);
    const details: Array<Record<string, unknown>> = [];
    for (const call of gaps) {
      const found = await db.pool.query(
        `select i.id, i.state, i.outcome, i.queue, i.started_at, i.queued_at, i.answered_at, i.acd_seq,
                array(select e.kind || ' +' || round(extract(epoch from e.at - i.started_at) * 1000)::text || 'ms'
                        from interaction_events e where e.interaction_id = i.id order by e.at, e.id) as events
           from interactions i where i.external_id = $1`,
        [call.channel],
      );
      const row = found.rows[0] as { id?: string } | undefined;
      const ivrState = await redis.hgetall(`${prefix}:ivr:call:${call.channel}`).catch(() => ({}));
      const ix = row?.id ?? (ivrState as { interactionId?: string }).interactionId;
      const acdRecord = ix ? await redis.hgetall(acdKeys(prefix).interaction(ix)).catch(() => ({})) : {};
      details.push({
        gap: call.closed === undefined ? 'no_row' : 'open',
        placed_at: new Date(call.placedAt).toISOString(),
        channel: call.channel,
        row: row ?? null,
        ivr_state: { interactionId: (ivrState as { interactionId?: string }).interactionId ?? null },
        ivr_owner: await redis.get(`${prefix}:ivr:owner:${call.channel}`).catch(() => null),
        acd: acdRecord,
        // What Asterisk (the double) saw of it: did it reach Stasis, who ended it and when.
        asterisk: Object.fromEntries(
          Object.entries(facts[call.channel] ?? {}).map(([fact, at]) => [fact, new Date(at).toISOString()]),
        ),
      });
    }
    return details;
  }

  return {
    db,
    redis,
    prefix,
    fleet,
    calls,
    smsc,
    chatUrls,
    operatorEndpoints: operatorEndpoints.map(([, endpoint]) => endpoint),
    startOne,
    /** Runs the web-chat clients in their own process; resolves with their JSON line. */
    chatLoad(args: { rate: number; sessions: number; seconds: number }): Promise<ChatLoadResult> {
      const child = fleet.fork('chat-clients', new URL('./chat-load.ts', import.meta.url), [
        '--urls',
        chatUrls.join(','),
        '--rate',
        String(args.rate),
        '--sessions',
        String(args.sessions),
        '--seconds',
        String(args.seconds),
      ]);
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += String(chunk);
      });
      return new Promise((resolve, reject) =>
        child.once('exit', (code) => {
          if (code !== 0) return reject(new Error(`chat clients exited with ${code}`));
          resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChatLoadResult);
        }),
      );
    },
    /** Waits (≤ `ms`) until the IVR has ended every call and the chat transcript is in PostgreSQL. */
    async settle(ms = 60_000): Promise<void> {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        const [open, pending] = await Promise.all([
          db.pool.query<{ n: string }>(
            `select count(*) as n from interactions where channel = 'phone' and closed_at is null`,
          ),
          redis.xlen(`{${prefix}:chat}:tr`).catch(() => 1),
        ]);
        if (Number(open.rows[0]!.n) === 0 && pending === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    /** Placements (Date.now()) of the calls that have no interaction row, or one never closed. */
    async callGaps({ placed, placedAt, facts }: CallsSummary) {
      const { rows } = await db.pool.query<{ external_id: string; closed: boolean }>(
        `select external_id, closed_at is not null as closed from interactions where channel = 'phone' and external_id = any($1)`,
        [placed],
      );
      const closed = new Map(rows.map((r) => [r.external_id, r.closed]));
      const lost: number[] = [];
      const open: number[] = [];
      placed.forEach((id, i) => {
        const state = closed.get(id);
        if (state === undefined) lost.push(placedAt[i]!);
        else if (!state) open.push(placedAt[i]!);
      });
      return { lost, open, details: await describeGaps(placed, placedAt, closed, facts) };
    },
    async account(placed: string[], chat: Record<string, number>) {
      const calls = await db.pool.query<{ rows: string; closed: string }>(
        `select count(*) as rows, count(*) filter (where closed_at is not null) as closed
           from interactions where channel = 'phone' and external_id = any($1)`,
        [placed],
      );
      const chatRows = await db.pool.query<{ n: string }>(
        `select count(*) as n from interaction_events where kind = 'chat.message' and data->>'from' = 'client'`,
      );
      const rows = Number(calls.rows[0]!.rows);
      const transcribed = Number(chatRows.rows[0]!.n);
      return {
        calls_placed: placed.length,
        call_interactions: rows,
        calls_lost: placed.length - rows,
        calls_not_closed: rows - Number(calls.rows[0]!.closed),
        chat_messages_sent: chat.sent ?? 0,
        chat_messages_answered: chat.answered ?? 0,
        chat_client_transcript_rows: transcribed,
        // An answered message must be in the transcript; an unanswered one may or may not be.
        chat_answered_not_transcribed: Math.max(0, (chat.answered ?? 0) - transcribed),
        campaign: await accountCampaign(db.pool, campaign.id, smsc),
        acd: await accountAssignments(db),
      };
    },
    async close(): Promise<Record<string, number | null>> {
      const codes = await fleet.stopServices();
      await calls.close();
      fleet.killHelpers();
      await campaign.close().catch(() => {});
      await Promise.all([smsc.stop(), speech.close()]);
      const keys = await redis.keys(`*${prefix}*`).catch(() => [] as string[]);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      redis.disconnect();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
      return codes;
    },
  };
}

/** Operators `bench1…` with phones `PJSIP/bench1…` and the voice queue they serve (short wrap-up). */
async function addOperators(db: ScratchDatabase, count: number): Promise<Array<[string, string]>> {
  await saveQueue(db.pool, { name: 'voice_general', media: 'voice', wrapUpMs: 3_000 });
  const operators: Array<[string, string]> = [];
  for (let i = 1; i <= count; i++) {
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into users (login, full_name, password_hash, roles, sip_endpoint)
       values ($1, $2, 'x', array['operator'], $3) returning id::text`,
      [`bench${i}`, `Оператор ${i}`, `PJSIP/bench${i}`],
    );
    await saveSkills(db.pool, rows[0]!.id, [{ queue: 'voice_general', level: 5 }]);
    operators.push([rows[0]!.id, `PJSIP/bench${i}`]);
  }
  return operators;
}

/**
 * Double assignment, two ways: an operator talking on two calls at once (overlapping
 * answered → talk end), and one interaction answered by two operators (ACD accept events).
 */
async function accountAssignments(db: ScratchDatabase) {
  // Only talks whose end is known: a talk cut by a killed IVR has none (counted apart).
  const overlapping = await db.pool.query<{ n: string }>(
    `select count(*) as n from interactions a join interactions b
        on a.agent_id = b.agent_id and a.id < b.id
       and a.answered_at is not null and b.answered_at is not null
       and a.talk_ended_at is not null and b.talk_ended_at is not null
       and tstzrange(a.answered_at, a.talk_ended_at) && tstzrange(b.answered_at, b.talk_ended_at)`,
  );
  const unended = await db.pool.query<{ n: string }>(
    `select count(*) as n from interactions
      where channel = 'phone' and answered_at is not null and talk_ended_at is null`,
  );
  const twice = await db.pool.query<{ n: string }>(
    `select count(*) as n from (
       select interaction_id from interaction_events where kind = 'acd_answered'
        group by interaction_id having count(distinct agent_id) > 1) x`,
  );
  const answered = await db.pool.query<{ n: string }>(
    `select count(*) as n from interactions where channel = 'phone' and answered_at is not null`,
  );
  const kinds = await db.pool.query<{ kind: string; n: string }>(
    `select kind, count(*) as n from interaction_events where kind like 'acd_%' group by kind`,
  );
  return {
    calls_answered_by_operators: Number(answered.rows[0]!.n),
    operator_overlaps: Number(overlapping.rows[0]!.n),
    operator_talks_without_end: Number(unended.rows[0]!.n),
    interactions_accepted_twice: Number(twice.rows[0]!.n),
    events: Object.fromEntries(kinds.rows.map((r) => [r.kind, Number(r.n)])),
  };
}
