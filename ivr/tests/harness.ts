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
import { type AriDouble, acceleratedClock, type InboundCall, startAriDouble } from '../ari-double/index.ts';
import { assembleIvr } from '../assemble.ts';
import type { FlowSettings } from '../flows/dialog.ts';
import { type SpeechDouble, spokenAudio, startSpeechDouble } from '../speech/double.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';
import type { IvrApp } from '../stasis/app.ts';
import type { OfferWatcher } from '../stasis/offers.ts';

/** Virtual call time runs this many times faster than the wall clock. */
export const SPEED = 40;
export const APP = 'hotline';
/** Friday 27 Nov 2026, 10:00 in Krasnoyarsk: inside ЕКЦ hours (the billing fixture's "now"). */
export const IN_HOURS = '2026-11-27T03:00:00Z';

export const OPERATORS = [
  { id: 1, login: 'op100', endpoint: 'PJSIP/agent100' },
  { id: 2, login: 'op101', endpoint: 'PJSIP/agent101' },
];

export interface IvrHarness {
  db: TestDatabase;
  redis: TestRedis;
  double: AriDouble;
  speech: SpeechDouble;
  client: AriClient;
  rest: AriRest;
  ivr: IvrApp;
  acd: Acd;
  offers: OfferWatcher;
  clock: ManualClock;
  connection: AriConnection;
  /** Temp folder: sounds/, spool/recording/, stored/ (ingested recordings). */
  dir: string;
  call(callerNumber?: string): ScriptedCaller;
  close(): Promise<void>;
}

export async function startIvrHarness(
  options: {
    settings?: Partial<FlowSettings>;
    start?: string;
    speech?: boolean;
    /** Call time runs this many times faster than the wall clock (default SPEED). */
    speed?: number;
  } = {},
): Promise<IvrHarness> {
  const db = await createTestDatabase();
  await fillBillingFixture(db.pool);
  await new KnowledgeService(db.pool).seed();
  for (const op of OPERATORS) {
    await db.pool.query(
      `insert into users (id, login, full_name, password_hash, roles, sip_endpoint)
       values ($1, $2, 'Оператор', 'x', array['operator'], $3)`,
      [op.id, op.login, op.endpoint],
    );
  }
  const redis = await createTestRedis();
  const clock = new ManualClock(options.start ?? IN_HOURS);
  const speech = await startSpeechDouble({ msPerChar: 40 });
  const dir = mkdtempSync(join(tmpdir(), 'ivr-test-'));
  const callClock = acceleratedClock(options.speed ?? SPEED);
  const double = await startAriDouble({
    port: 0,
    username: 'ari',
    password: 'ari',
    app: APP,
    clock: callClock,
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
  });
  const quiet = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  const client = await ari.connect(double.url, 'ari', 'ari').finally(() => {
    console.log = quiet;
  });
  const synthesizer = createSynthesisClient({ address: speech.address });
  const logger = createLogger({ name: 'ivr-test', level: process.env.IVR_TEST_LOG ?? 'silent' });
  const spool = join(dir, 'spool', 'recording');
  const ingest = new RecordingIngest(db.pool, new FilesystemStorage(join(dir, 'stored')), clock, logger);
  const rest = new AriRest({ url: double.url, username: 'ari', password: 'ari' });
  const { ivr, acd, offers } = assembleIvr({
    client,
    rest,
    app: APP,
    pool: db.pool,
    redis: redis.redis,
    prefix: redis.prefix,
    billing: new PgBilling(db.pool, clock),
    clock,
    timers: callClock,
    soundsDir: join(dir, 'sounds'),
    synthesizer,
    logger,
    settings: options.settings,
    instanceId: 'test-1',
    speech: options.speech ? { recognitionAddress: speech.address, rtpHost: '127.0.0.1' } : undefined,
    onRecordingFinished: (event) => recordingFinishedHandler(ingest, spool)(event as AriRecordingFinished),
  });
  await acd.defineQueue({ name: 'general', media: 'voice', topics: [] });
  offers.start();
  ivr.attach();
  // The production wrapper: restarts ari-client after it gives up, and the IVR recovers its calls.
  const connection = new AriConnection({
    url: double.url,
    username: 'ari',
    password: 'ari',
    apps: [APP],
    logger,
    initialDelayMs: 200,
    maxDelayMs: 1_000,
    connect: async () => client,
  });
  connection.on('connected', () => void ivr.recover().catch(() => undefined));
  await connection.start();
  const harness: IvrHarness = {
    db,
    redis,
    double,
    speech,
    client,
    rest,
    ivr,
    acd,
    offers,
    clock,
    connection,
    dir,
    call: (callerNumber = '+79990000000') =>
      new ScriptedCaller(harness, double.inboundCall({ callerNumber })),
    async close() {
      ivr.detach();
      client.removeAllListeners();
      connection.stop();
      await offers.stop();
      rest.close();
      await double.close();
      synthesizer.close?.();
      await speech.close();
      await redis.cleanup();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

interface Said {
  text: string;
  label: string;
}

/** A caller driven by a test: presses keys when the IVR listens, remembers what it heard. */
export class ScriptedCaller {
  readonly said: Said[] = [];
  readonly steps: Array<{ kind: string; data: Record<string, unknown> }> = [];
  readonly ended: Promise<{ interactionId: string; outcome: string }>;
  private listening = 0;
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  constructor(
    readonly harness: IvrHarness,
    readonly inbound: InboundCall,
  ) {
    const mine = (event: { channelId: string }) => event.channelId === inbound.channelId;
    const { observer } = harness.ivr;
    const onSaid = (event: Said & { channelId: string }) => {
      if (mine(event)) this.said.push({ text: event.text, label: event.label });
      this.check();
    };
    const onListening = (event: { channelId: string }) => {
      if (mine(event)) this.listening += 1;
      this.check();
    };
    const onStep = (event: { channelId: string; kind: string; data: Record<string, unknown> }) => {
      if (mine(event)) this.steps.push({ kind: event.kind, data: event.data });
      this.check();
    };
    observer.on('said', onSaid);
    observer.on('listening', onListening);
    observer.on('step', onStep);
    this.ended = new Promise((resolve) => {
      const onEnded = (event: { channelId: string; interactionId: string; outcome: string }) => {
        if (!mine(event)) return;
        observer.off('said', onSaid);
        observer.off('listening', onListening);
        observer.off('step', onStep);
        observer.off('ended', onEnded);
        resolve(event);
      };
      observer.on('ended', onEnded);
    });
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  until(test: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // Conditions on the double's side (events, ACD state) change without an IVR event: poll too.
      const poll = setInterval(() => this.check(), 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(
          new Error(
            `timed out waiting for ${what}; heard: ${this.said.map((s) => s.label).join(' | ')}; steps: ${this.steps.map((s) => s.kind).join(' ')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        },
      });
    });
  }

  /** Waits until the IVR listens for the n-th time (counting from the call start). */
  async nextListen(): Promise<void> {
    const target = this.consumed + 1;
    await this.until(() => this.listening >= target, `listening #${target}`);
    this.consumed = target;
  }
  private consumed = 0;

  /** When the IVR next listens, press these keys. */
  async answer(keys: string): Promise<void> {
    await this.nextListen();
    await this.inbound.sendDtmf(keys, { gapMs: 100, durationMs: 80 });
  }

  /** Answers several prompts in order: answers('1', '1901000001#', '5#'). */
  async answers(...groups: string[]): Promise<void> {
    for (const keys of groups) await this.answer(keys);
  }

  /**
   * Says `text` (audio over the speech bridge) once the robot has started the n-th prompt whose
   * label matches — a caller answering over the question, which stops it (barge-in).
   */
  async sayWhen(label: string | RegExp, text: string, nth = 1): Promise<void> {
    const matches = (s: Said) => (typeof label === 'string' ? s.label === label : label.test(s.label));
    await this.until(() => this.said.filter(matches).length >= nth, `prompt ${label} #${nth}`);
    this.inbound.say(spokenAudio(text));
  }

  heard(label: string): boolean {
    return this.said.some((s) => s.label === label);
  }

  text(): string {
    return this.said.map((s) => s.text).join('\n');
  }
}
