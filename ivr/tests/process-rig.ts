import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ari from 'ari-client';
import { Redis } from 'ioredis';
import { type Acd, acdKeys, OutboxWriter } from '../../agent-desktop/server/acd/index.ts';
import { PgBilling } from '../../core/billing/index.ts';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { createPool } from '../../core/db/index.ts';
import { createLogger } from '../../core/logging/index.ts';
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
import { type AriDouble, acceleratedClock, startAriDouble } from '../ari-double/index.ts';
import { assembleIvr } from '../assemble.ts';
import { IvrJournal } from '../db/journal.ts';
import { JournalReplayer } from '../db/replay.ts';
import { type SpeechDouble, startSpeechDouble } from '../speech/double.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';
import type { IvrApp } from '../stasis/app.ts';
import type { OfferWatcher } from '../stasis/offers.ts';
import { APP, IN_HOURS, OPERATORS, SPEED } from './harness.ts';

/**
 * A TCP relay between one IVR process and Asterisk: `cutEvents()` drops the event WebSocket (and
 * refuses new ones) while REST passes — an ARI outage; `kill()` cuts everything — the process is
 * gone as far as Asterisk can tell.
 */
async function startRelay(target: string) {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const websockets = new Set<Socket>();
  let dead = false;
  let eventsCut = false;
  const server = createServer((client) => {
    if (dead) return void client.destroy();
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      const websocket = /\r\nupgrade:\s*websocket/i.test(first.toString('latin1'));
      if (dead || (websocket && eventsCut)) return void client.destroy();
      const far = tcpConnect(Number(upstream.port), upstream.hostname);
      sockets.add(far);
      far.on('close', () => {
        sockets.delete(far);
        client.destroy();
      });
      far.on('error', () => far.destroy());
      client.on('close', () => far.destroy());
      far.write(first);
      client.pipe(far);
      far.pipe(client);
      if (websocket) {
        websockets.add(client);
        client.on('close', () => websockets.delete(client));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    cutEvents() {
      eventsCut = true;
      for (const socket of websockets) socket.destroy();
    },
    restoreEvents() {
      eventsCut = false;
    },
    kill() {
      dead = true;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface IvrProcess {
  name: string;
  ivr: IvrApp;
  acd: Acd;
  offers: OfferWatcher;
  rest: AriRest;
  relay: Awaited<ReturnType<typeof startRelay>>;
  connection: AriConnection;
  /** What this process did with each call, followed from before it connects. */
  watch: CallWatch;
  /** The process dies (SIGKILL): no ARI, no Redis, no PostgreSQL from now on. */
  kill(): Promise<void>;
}

export interface ProcessRig {
  db: TestDatabase;
  redis: TestRedis;
  double: AriDouble;
  clock: ManualClock;
  /** Moves the ACD's stages into PostgreSQL (the desktop server runs it in production). */
  outbox: OutboxWriter;
  /** Starts an IVR process of its own (ARI connection, Redis connection, PostgreSQL pool). */
  startProcess(
    name: string,
    options?: { leaseMs?: number; app?: string; databaseUrl?: string; strayScanMs?: number },
  ): Promise<IvrProcess>;
  close(): Promise<void>;
}

/** Several IVR processes on one ARI double, one Redis and one PostgreSQL, each killable. */
export async function startProcessRig(): Promise<ProcessRig> {
  const db = await createTestDatabase();
  await fillBillingFixture(db.pool);
  for (const op of OPERATORS) {
    await db.pool.query(
      `insert into users (id, login, full_name, password_hash, roles, sip_endpoint)
       values ($1, $2, 'Оператор', 'x', array['operator'], $3)`,
      [op.id, op.login, op.endpoint],
    );
  }
  const redis = await createTestRedis();
  const clock = new ManualClock(IN_HOURS);
  const speech: SpeechDouble = await startSpeechDouble({ msPerChar: 40 });
  const dir = mkdtempSync(join(tmpdir(), 'ivr-recover-'));
  const callClock = acceleratedClock(SPEED);
  const double = await startAriDouble({
    port: 0,
    username: 'ari',
    password: 'ari',
    app: APP,
    clock: callClock,
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
  });
  const logger = createLogger({ name: 'ivr-recover-test', level: process.env.IVR_TEST_LOG ?? 'silent' });
  const ingest = new RecordingIngest(db.pool, new FilesystemStorage(join(dir, 'stored')), clock, logger);
  const spool = join(dir, 'spool', 'recording');
  const outbox = new OutboxWriter(redis.redis, db.pool, acdKeys(redis.prefix));
  const processes: IvrProcess[] = [];
  const closers: Array<() => Promise<void> | void> = [];

  async function startProcess(
    name: string,
    options: { leaseMs?: number; app?: string; databaseUrl?: string; strayScanMs?: number } = {},
  ): Promise<IvrProcess> {
    // The double, like Asterisk, gives an application to one WebSocket: peers use names of their own.
    const app = options.app ?? APP;
    const relay = await startRelay(double.url);
    const pool = createPool(options.databaseUrl ?? db.url, { max: 5, applicationName: `ivr-${name}` });
    const ownRedis = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const quiet = console.log;
    console.log = () => {}; // swagger-client's deprecation banner
    const client = await ari.connect(relay.url, 'ari', 'ari').finally(() => {
      console.log = quiet;
    });
    const rest = new AriRest({ url: relay.url, username: 'ari', password: 'ari', timeoutMs: 2_000 });
    const synthesizer = createSynthesisClient({ address: speech.address });
    const onRecordingFinished = (event: unknown) =>
      recordingFinishedHandler(ingest, spool)(event as AriRecordingFinished);
    // The journal and its replayer, as every IVR service runs them beside its calls (ivr/service.ts).
    const journal = new IvrJournal(ownRedis, redis.prefix);
    const replayer = new JournalReplayer({
      redis: ownRedis,
      pool,
      journal,
      logger: logger.child({ process: name }),
      timeZone: 'Asia/Krasnoyarsk',
      owner: name,
      onRecordingFinished,
      everyMs: 100,
    });
    replayer.start();
    const { ivr, acd, offers } = assembleIvr({
      client,
      rest,
      app,
      pool,
      redis: ownRedis,
      prefix: redis.prefix,
      billing: new PgBilling(pool, clock),
      clock,
      timers: callClock,
      soundsDir: join(dir, 'sounds'),
      synthesizer,
      logger: logger.child({ process: name }),
      instanceId: name,
      callLeaseMs: options.leaseMs ?? 1_500,
      strayScanMs: options.strayScanMs ?? 500,
      journal,
      onRecordingFinished,
    });
    // Before connecting: the first recovery may re-attach calls at once.
    const watch = new CallWatch(ivr);
    await acd.defineQueue({ name: 'general', media: 'voice', topics: [], wrapUpMs: 300_000 });
    offers.start();
    ivr.attach();
    const connection = new AriConnection({
      url: relay.url,
      username: 'ari',
      password: 'ari',
      apps: [app],
      logger,
      initialDelayMs: 200,
      maxDelayMs: 1_000,
      connect: async () => client,
    });
    connection.on('disconnected', () => ivr.connectionLost());
    connection.on('connected', () => void ivr.recover().catch(() => undefined));
    await connection.start();
    let dead = false;
    const kill = async () => {
      if (dead) return;
      dead = true;
      relay.kill();
      ivr.detach();
      client.removeAllListeners();
      connection.stop();
      await offers.stop();
      await replayer.stop();
      ownRedis.disconnect();
      await pool.end().catch(() => undefined);
      rest.close();
      synthesizer.close?.();
    };
    closers.push(async () => {
      await kill();
      await relay.close();
    });
    const proc: IvrProcess = { name, ivr, acd, offers, rest, relay, connection, watch, kill };
    processes.push(proc);
    return proc;
  }

  return {
    db,
    redis,
    double,
    clock,
    outbox,
    startProcess,
    async close() {
      for (const close of closers) await close();
      await double.close();
      await speech.close();
      await redis.cleanup();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Follows one IVR process's view of calls: steps, listening turns and ends, per channel. */
export class CallWatch {
  readonly steps = new Map<string, Array<{ kind: string; data: Record<string, unknown> }>>();
  readonly listens = new Map<string, number>();
  readonly ended = new Map<string, { interactionId: string; outcome: string }>();
  readonly settled = new Map<string, { interactionId: string; settled: string }>();

  constructor(ivr: IvrApp) {
    ivr.observer.on('step', (e: { channelId: string; kind: string; data: Record<string, unknown> }) => {
      const list = this.steps.get(e.channelId) ?? [];
      list.push({ kind: e.kind, data: e.data });
      this.steps.set(e.channelId, list);
    });
    ivr.observer.on('listening', (e: { channelId: string }) => {
      this.listens.set(e.channelId, (this.listens.get(e.channelId) ?? 0) + 1);
    });
    ivr.observer.on('ended', (e: { channelId: string; interactionId: string; outcome: string }) => {
      this.ended.set(e.channelId, e);
    });
    ivr.observer.on('settled', (e: { channelId: string; interactionId: string; settled: string }) => {
      this.settled.set(e.channelId, e);
    });
  }

  has(channelId: string, kind: string): boolean {
    return (this.steps.get(channelId) ?? []).some((s) => s.kind === kind);
  }

  step(channelId: string, kind: string) {
    return (this.steps.get(channelId) ?? []).find((s) => s.kind === kind);
  }
}

/** Polls `test` until true (conditions live in several processes, Redis and the double). */
export async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
