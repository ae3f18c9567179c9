import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Acd, acdWorkingTime } from '../../agent-desktop/server/acd/index.ts';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { createWorkingTime } from '../../core/calendar/index.ts';
import { loadConfig } from '../../core/config/load.ts';
import { baseConfigSchema } from '../../core/config/schema.ts';
import { createPool, type Pool } from '../../core/db/index.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/index.ts';
import { KnowledgeService } from '../../core/nlu/knowledge/service.ts';
import { startServices } from '../../core/platform/runner.ts';
import type { RunningService, ServiceContext } from '../../core/platform/service.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { StoppablePostgres } from '../../core/testing/stoppable-postgres.ts';
import { alwaysOpenSchedule } from '../../e2e/processes.ts';
import { type AriDouble, type InboundCall, startAriDouble } from '../ari-double/index.ts';
import { promptText } from '../prompts/ru.ts';
import { ivrService } from '../service.ts';
import { type SpeechDouble, startSpeechDouble } from '../speech/double.ts';

/**
 * Gaps 1 and 2 of the fault run: the IVR service (as `hotline start ivr` runs it) on a private
 * PostgreSQL that is crashed (immediate stop) and started again, the ARI double for Asterisk.
 * The service must stay up and keep answering; what it writes meanwhile reaches PostgreSQL
 * afterwards, once, in order.
 */
let pg: StoppablePostgres;
let pool: Pool;
let redis: TestRedis;
let double: AriDouble;
let speech: SpeechDouble;
let dir: string;
let running: RunningService;
let context: ServiceContext;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The interaction of a call (by its ARI channel id) once it is in PostgreSQL. */
async function interactionOf(call: InboundCall) {
  const { rows } = await pool.query<{
    id: string;
    state: string;
    outcome: string | null;
    contact: string | null;
  }>('select id, state, outcome, contact from interactions where external_id = $1', [call.channelId]);
  return rows[0];
}

async function eventKinds(interactionId: string): Promise<string[]> {
  const { rows } = await pool.query<{ kind: string }>(
    'select kind from interaction_events where interaction_id = $1 order by at, id',
    [interactionId],
  );
  return rows.map((row) => row.kind);
}

beforeAll(async () => {
  pg = await StoppablePostgres.create();
  pool = createPool(pg.url, { max: 10 });
  await fillBillingFixture(pool);
  await new KnowledgeService(pool).seed();
  redis = await createTestRedis();
  await new Acd({
    redis: redis.redis,
    prefix: redis.prefix,
    clock: systemClock,
    workingTime: acdWorkingTime(createWorkingTime({ clock: systemClock, timeZone: 'Asia/Krasnoyarsk' })),
  }).defineQueue({ name: 'general', media: 'voice', topics: [] });
  dir = mkdtempSync(join(tmpdir(), 'ivr-pg-outage-'));
  speech = await startSpeechDouble({ msPerChar: 2 });
  double = await startAriDouble({
    port: 0,
    username: 'hotline',
    password: 'secret',
    app: 'hotline',
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
  });
  const env = {
    ...process.env,
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    LOG_LEVEL: 'silent',
    ARI_URL: double.url.replace(/\/ari\/?$/, ''),
    ARI_USER: 'hotline',
    ARI_PASSWORD: 'secret',
    SPEECH_GRPC_ADDRESS: speech.address,
    IVR_SYNTHESIS: 'grpc',
    IVR_SOUNDS_DIR: join(dir, 'sounds'),
    ASTERISK_SPOOL_DIR: join(dir, 'spool'),
    RECORDINGS_DIR: join(dir, 'stored'),
    // The real clock runs here: without this, a run after ЕКЦ hours (Saturday 18:00 local) hears
    // the schedule instead of being put through.
    HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
  };
  context = {
    config: loadConfig(baseConfigSchema, env),
    env,
    logger: createLogger({ name: 'test', level: process.env.IVR_TEST_LOG ?? 'silent' }),
    clock: systemClock,
    pool: () => pool,
    redis: () => redis.redis,
  };
  running = await startIvr(context);
}, 120_000);

async function startIvr(context: ServiceContext): Promise<RunningService> {
  const quiet = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  return ivrService.start(context).finally(() => {
    console.log = quiet;
  });
}

afterAll(async () => {
  await running?.close();
  await double?.close();
  await speech?.close();
  await redis?.cleanup();
  await pool?.end().catch(() => {});
  await pg?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the IVR while PostgreSQL is down', () => {
  it('keeps answering: a call in progress finishes, a new call is served and offered the operator, and both are recorded once PostgreSQL is back', async () => {
    expect(await running.health()).toMatchObject({ status: 'ok', details: { database: 'ok', journaled: 0 } });

    // A: reference answer (payment methods) while PostgreSQL is up, then "anything else?".
    const callA = double.inboundCall({ callerNumber: '+79990000001' });
    await sleep(300);
    await callA.sendDtmf('41', { gapMs: 150 });
    const a = await waitFor('call A in PostgreSQL', () => interactionOf(callA));
    await waitFor('call A told the reference answer', async () =>
      (await eventKinds(a.id)).includes('ivr.reference') ? true : undefined,
    );

    await pg.crash();

    // A goes on: yes, another question → the same reference, now out of reach → back to the menu → no more.
    await callA.sendDtmf('141', { gapMs: 150 });
    // B arrives while PostgreSQL is down: reference menu → unavailable → asks for the operator.
    const callB = double.inboundCall({ callerNumber: '+79990000002' });
    await sleep(300);
    await callB.sendDtmf('41', { gapMs: 150 });
    await waitFor('both callers told the information is unavailable', async () =>
      speech.texts.includes(promptText('dataUnavailable')) ? true : undefined,
    );
    await callA.sendDtmf('22', { gapMs: 400, afterMs: 1_500 });
    await callB.sendDtmf('1', { afterMs: 1_500 });
    await waitFor('call B put through to the operator queue', async () =>
      speech.texts.includes(promptText('transferring')) ? true : undefined,
    );
    await callA.ended; // the robot said goodbye and hung up
    const health = await running.health();
    expect(health).toMatchObject({ status: 'degraded', details: { database: 'unreachable' } });
    expect(Number(health.details?.journaled)).toBeGreaterThan(0);
    callB.hangup();
    await callB.ended;
    await sleep(500);

    await pg.start();
    await waitFor('the journal written to PostgreSQL', async () =>
      (await running.health()).status === 'ok' ? true : undefined,
    );

    // A: opened before the outage, closed during it (self-served), every step once.
    const aAfter = (await interactionOf(callA))!;
    expect(aAfter).toMatchObject({ state: 'closed', outcome: 'self_served' });
    const aKinds = await eventKinds(a.id);
    expect(aKinds.filter((kind) => kind === 'ivr.ended')).toHaveLength(1);
    expect(aKinds.filter((kind) => kind === 'ivr.data_unavailable')).toHaveLength(1);
    expect(aKinds.at(-1)).toBe('closed');

    // B: never reached PostgreSQL during the call; its row and steps came from the journal.
    const b = (await interactionOf(callB))!;
    expect(b).toMatchObject({ contact: '+79990000002' });
    const bKinds = await eventKinds(b.id);
    expect(bKinds[0]).toBe('opened');
    expect(bKinds).toEqual(
      expect.arrayContaining(['ivr.data_unavailable', 'ivr.queue_estimate', 'ivr.verb.enqueue', 'ivr.ended']),
    );
    expect(bKinds.filter((kind) => kind === 'opened')).toHaveLength(1);
    expect(bKinds.filter((kind) => kind === 'ivr.ended')).toHaveLength(1);
    // The ACD owns a transferred call's stages: the robot did not close it.
    expect(b.state).toBe('self_service');
    // Both whole-call recordings finished while PostgreSQL was down: ingested and linked after it.
    const recorded = await pool.query<{ id: string; recording_id: string | null }>(
      'select id, recording_id from interactions where id = any($1::uuid[])',
      [[a.id, b.id]],
    );
    expect(recorded.rows).toHaveLength(2);
    for (const row of recorded.rows) expect(row.recording_id).not.toBeNull();
  }, 120_000);

  it('starts while PostgreSQL is down (a restarted process) and serves calls, recorded when it is back', async () => {
    await running.close();
    await pg.crash();
    // As `hotline start ivr` does it: the runner (calendar settings, heartbeat), then the service.
    const quiet = console.log;
    console.log = () => {}; // swagger-client's deprecation banner
    const platform = await startServices(['ivr'], { env: context.env, logger: context.logger }).finally(
      () => {
        console.log = quiet;
      },
    );
    running = { ...platform.services[0]!.running, close: () => platform.close() };
    expect(await running.health()).toMatchObject({
      status: 'degraded',
      details: { database: 'unreachable' },
    });
    const call = double.inboundCall({ callerNumber: '+79990000005' });
    await sleep(300);
    // Reference menu → unavailable → back to the menu → no more questions (keys typed ahead).
    await call.sendDtmf('4122', { gapMs: 300 });
    await call.ended;
    await pg.start();
    await waitFor('the journal written to PostgreSQL', async () =>
      (await running.health()).status === 'ok' ? true : undefined,
    );
    const row = (await interactionOf(call))!;
    expect(row).toMatchObject({ state: 'closed', outcome: 'self_served', contact: '+79990000005' });
    const kinds = await eventKinds(row.id);
    expect(kinds[0]).toBe('opened');
    expect(kinds).toContain('ivr.data_unavailable');
    expect(kinds.at(-1)).toBe('closed');
  }, 120_000);
});
