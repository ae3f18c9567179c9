import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ari, { type AriClient } from 'ari-client';
import type { Acd } from '../../agent-desktop/server/acd/index.ts';
import { PgBilling } from '../../core/billing/index.ts';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { createLogger } from '../../core/logging/index.ts';
import { KnowledgeService } from '../../core/nlu/knowledge/service.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { RecordingIngest } from '../../recordings/services/ingest.ts';
import {
  type AriRecordingFinished,
  recordingFinishedHandler,
} from '../../recordings/stasis/recording-finished.ts';
import { FilesystemStorage } from '../../recordings/storage/filesystem.ts';
import { AriConnection } from '../ari/connection.ts';
import { AriRest } from '../ari/rest.ts';
import { assembleIvr } from '../assemble.ts';
import { type SpeechDouble, startSpeechDouble } from '../speech/double.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';
import type { IvrApp } from '../stasis/app.ts';

/**
 * The IVR wired to a REAL Asterisk (infra/asterisk configs installed) for `npm run test:asterisk`.
 * Callers are `Local/caller@hotline-sim` originated into the suite's own application: its `;1`
 * half is the keypad (sendDTMF goes toward the far end), the `;2` half runs
 * `Stasis(hotline,inbound)` and is the caller the IVR serves. Prompts are synthesized by the speech
 * double (silence of the prompt's length) into IVR_SOUNDS_DIR, Asterisk's sounds directory.
 */
export const SIM_APP = 'hotline-sim-caller';
/** Friday 27 Nov 2026, 10:00 in Krasnoyarsk: inside ЕКЦ hours (the billing fixture's "now"). */
export const IN_HOURS = '2026-11-27T03:00:00Z';

export interface RealAsteriskIvr {
  db: TestDatabase;
  ivr: IvrApp;
  acd: Acd;
  ivrClient: AriClient;
  /** The IVR's connection keeper, wired as ivr/service.ts does (restarts, then `recover()`). */
  connection: AriConnection;
  simClient: AriClient;
  /** Every ARI event the IVR's application received, in arrival order. */
  events: Array<{ type: string; [key: string]: unknown }>;
  /** Asterisk's spool recording folder (ASTERISK_SPOOL_DIR/recording). */
  spoolRecordingDir: string;
  /** Where ingested recordings are stored (a temp folder). */
  storedDir: string;
  call(keys: string[], callerNumber?: string): SimulatedCall;
  close(): Promise<void>;
}

export interface SimulatedCall {
  /** The `;1` half (the keypad), once originated. */
  keypad: Promise<{ id: string }>;
  said: string[];
  /** Keys still to press, one per menu the IVR listens at (a test may add more later). */
  keys: string[];
  /** How many times the IVR started listening to this caller. */
  listens(): number;
  /** The caller's channel as the IVR sees it (the `;2` half), once the call started. */
  channelId(): string | undefined;
  /** Resolves with the IVR's `ended` report for this call. */
  ended: Promise<{ channelId: string; interactionId: string; outcome: string }>;
}

export function realAsteriskEnv(): { url: string; user: string; password: string } | undefined {
  const url = process.env.ARI_URL;
  if (!url) return undefined;
  return { url, user: process.env.ARI_USER ?? '', password: process.env.ARI_PASSWORD ?? '' };
}

export async function startRealAsteriskIvr(
  options: {
    operators?: string[];
    /** Where the IVR reaches ARI (default ARI_URL; a test proxy to cut its WebSocket). */
    ivrAriUrl?: string;
  } = {},
): Promise<RealAsteriskIvr> {
  const env = realAsteriskEnv();
  if (!env) throw new Error('ARI_URL is not set');
  const db = await createTestDatabase();
  const redis: TestRedis = await createTestRedis();
  await fillBillingFixture(db.pool);
  await new KnowledgeService(db.pool).seed();
  for (const [index, endpoint] of (options.operators ?? []).entries()) {
    await db.pool.query(
      `insert into users (id, login, full_name, password_hash, roles, sip_endpoint)
       values ($1, $2, 'Оператор', 'x', array['operator'], $3)`,
      [index + 1, `op${index + 1}`, endpoint],
    );
  }
  const speech: SpeechDouble = await startSpeechDouble();
  const quiet = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  const ivrUrl = options.ivrAriUrl ?? env.url;
  const [ivrClient, simClient] = await Promise.all([
    ari.connect(ivrUrl, env.user, env.password),
    ari.connect(env.url, env.user, env.password),
  ]).finally(() => {
    console.log = quiet;
  });
  const clock = new ManualClock(IN_HOURS);
  const synthesizer = createSynthesisClient({ address: speech.address });
  const rest = new AriRest({ url: ivrUrl, username: env.user, password: env.password });
  const logger = createLogger({ name: 'ivr-asterisk-test', level: process.env.IVR_TEST_LOG ?? 'warn' });
  const spoolRecordingDir = join(process.env.ASTERISK_SPOOL_DIR ?? '/var/spool/asterisk', 'recording');
  const storedDir = mkdtempSync(join(tmpdir(), 'ivr-asterisk-stored-'));
  const ingest = new RecordingIngest(db.pool, new FilesystemStorage(storedDir), clock, logger);
  const app = process.env.ARI_APP ?? 'hotline';
  const { ivr, acd, offers } = assembleIvr({
    client: ivrClient,
    rest,
    app,
    pool: db.pool,
    redis: redis.redis,
    prefix: redis.prefix,
    billing: new PgBilling(db.pool, clock),
    clock,
    soundsDir: process.env.IVR_SOUNDS_DIR ?? '/var/lib/asterisk/sounds',
    synthesizer,
    logger,
    instanceId: 'asterisk-test',
    onRecordingFinished: (event) =>
      recordingFinishedHandler(ingest, spoolRecordingDir)(event as AriRecordingFinished),
  });
  await acd.defineQueue({ name: 'general', media: 'voice', topics: [] });
  offers.start();
  const events: RealAsteriskIvr['events'] = [];
  ivrClient.on('*', (event: { type: string }) => events.push(event));
  ivr.attach();
  // As ivr/service.ts: AriConnection keeps the application registered beyond ari-client's ~43 s
  // of retries, and every (re)connect settles what the outage hid (`recover`).
  const connection = new AriConnection({
    url: ivrUrl,
    username: env.user,
    password: env.password,
    apps: [app],
    logger,
    connect: async () => ivrClient,
  });
  connection.on('connected', () => {
    ivr.recover().catch((error) => logger.warn({ err: error }, 're-attach failed'));
  });
  await connection.start();
  await simClient.start(SIM_APP);

  const call = (keys: string[], callerNumber = '+79990000000'): SimulatedCall => {
    const said: string[] = [];
    const pending = [...keys];
    let channelId: string | undefined;
    let listens = 0;
    const keypad = simClient.channels.originate({
      endpoint: 'Local/caller@hotline-sim',
      app: SIM_APP,
      variables: { SIM_CALLER: callerNumber },
    }) as Promise<{ id: string }>;
    // The IVR's side is the ;2 half: its id is the keypad's with the counter + 1 — not relied on;
    // the first call to start while this one is pending is ours (tests run one call at a time).
    const onStep = (event: { channelId: string; kind: string }) => {
      channelId ??= event.channelId;
    };
    const onSaid = (event: { channelId: string; label: string }) => {
      channelId ??= event.channelId;
      if (event.channelId === channelId) said.push(event.label);
    };
    const onListening = (event: { channelId: string }) => {
      if (event.channelId !== channelId) return;
      listens += 1;
      const next = pending.shift();
      if (next === undefined) return;
      void keypad.then((pad) =>
        simClient.channels.sendDTMF({ channelId: pad.id, dtmf: next, between: 250, duration: 120 }),
      );
    };
    ivr.observer.on('step', onStep);
    ivr.observer.on('said', onSaid);
    ivr.observer.on('listening', onListening);
    const ended = new Promise<{ channelId: string; interactionId: string; outcome: string }>((resolve) => {
      const onEnded = (event: { channelId: string; interactionId: string; outcome: string }) => {
        if (event.channelId !== channelId) return;
        ivr.observer.off('step', onStep);
        ivr.observer.off('said', onSaid);
        ivr.observer.off('listening', onListening);
        ivr.observer.off('ended', onEnded);
        resolve(event);
      };
      ivr.observer.on('ended', onEnded);
    });
    return { keypad, said, keys: pending, listens: () => listens, channelId: () => channelId, ended };
  };

  return {
    db,
    ivr,
    acd,
    ivrClient,
    connection,
    simClient,
    events,
    spoolRecordingDir,
    storedDir,
    call,
    async close() {
      ivr.detach();
      connection.stop();
      simClient.stop();
      await offers.stop();
      synthesizer.close?.();
      rest.close();
      await speech.close();
      await redis.cleanup();
      await db.drop();
      rmSync(storedDir, { recursive: true, force: true });
    },
  };
}
