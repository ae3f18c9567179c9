/**
 * IVR benchmark: N concurrent calls (default 1,600, one Asterisk box's figure) through ONE IVR
 * process (this one) against the ARI double, real ari-client, a scratch PostgreSQL database and
 * local Redis. Calls come in at a steady rate (ari-client itself is the limit for a burst), play
 * the recording notice, greeting and menu, and wait in the main menu; then keys are pressed across
 * the calls at a fixed rate and each key's latency is measured from the double emitting
 * ChannelDtmfReceived to the double starting the IVR's next prompt (event → command, including
 * the WebSocket, the flow and the REST call). Memory per call = heap growth / live calls (it
 * includes the double's share, which runs in the same process). Last line: one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ari from 'ari-client';
import { Redis } from 'ioredis';
import { PgBilling } from '../../core/billing/index.ts';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { createPool } from '../../core/db/index.ts';
import { createLogger } from '../../core/logging/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import {
  type AriEvent,
  type InboundCall,
  realTimeClock,
  startAriDouble,
} from '../../ivr/ari-double/index.ts';
import { assembleIvr } from '../../ivr/assemble.ts';
import { startSpeechDouble } from '../../ivr/speech/double.ts';
import { createSynthesisClient } from '../../ivr/speech/synthesizer.ts';
import { createScratchDatabase, machine, numberFlag, percentile, printFigures, round } from '../lib/index.ts';

const CALLS = numberFlag(process.argv, '--calls', 1_600);
const ARRIVALS_PER_SECOND = numberFlag(process.argv, '--arrivals', 100);
const KEYS_PER_SECOND = numberFlag(process.argv, '--keys-per-second', 200);

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('run with `npm run bench -- ivr` (sets REDIS_URL and DATABASE_URL)');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const db = await createScratchDatabase('ivr');
await fillBillingFixture(db.pool);
// The IVR's own pool, sized like a deployment's (1,600 calls write their steps concurrently).
const pool = createPool(db.url, { max: 16, applicationName: 'bench-ivr' });
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const prefix = `benchivr${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'bench-ivr-'));
const speech = await startSpeechDouble({ msPerChar: 2 }); // short prompts: the flow, not the audio, is measured
const double = await startAriDouble({
  port: 0,
  username: 'ari',
  password: 'ari',
  app: 'hotline',
  clock: realTimeClock(),
  spoolDir: join(dir, 'spool'),
  soundsDir: join(dir, 'sounds'),
});
const quiet = console.log;
console.log = () => {};
const client = await ari.connect(double.url, 'ari', 'ari').finally(() => {
  console.log = quiet;
});
const synthesizer = createSynthesisClient({ address: speech.address });
const clock = new ManualClock('2026-11-27T03:00:00Z');
const { ivr, offers } = assembleIvr({
  client,
  app: 'hotline',
  pool,
  redis,
  prefix,
  billing: new PgBilling(pool, clock),
  clock,
  soundsDir: join(dir, 'sounds'),
  synthesizer,
  logger: createLogger({ name: 'bench-ivr', level: 'error' }),
  instanceId: 'bench',
  // The menu waits long enough for every call to be in it at once.
  settings: { menuTimeoutMs: 60_000 },
});
offers.start();
ivr.attach();
await client.start('hotline');

// Event → command: when the double emitted a caller's digit, and when the next prompt started.
const dtmfAt = new Map<string, number>();
const latencies: number[] = [];
const listening = new Set<string>();
double.onEvent((event: AriEvent) => {
  const e = event as { type: string; channel?: { id: string }; playback?: { target_uri: string } };
  if (e.type === 'ChannelDtmfReceived') dtmfAt.set(e.channel!.id, performance.now());
  if (e.type === 'PlaybackStarted') {
    const channelId = e.playback!.target_uri.replace('channel:', '');
    const pressed = dtmfAt.get(channelId);
    if (pressed !== undefined) {
      latencies.push(performance.now() - pressed);
      dtmfAt.delete(channelId);
    }
  }
});
ivr.observer.on('listening', (e: { channelId: string; prompts: string[] }) => {
  if (e.prompts.includes('mainMenu')) listening.add(e.channelId);
});

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const calls: InboundCall[] = [];
const placingStarted = performance.now();
for (let i = 0; i < CALLS; i++) {
  calls.push(double.inboundCall({ callerNumber: `+7999${String(i).padStart(7, '0')}` }));
  if ((i + 1) % Math.max(1, Math.round(ARRIVALS_PER_SECOND / 10)) === 0) await sleep(100);
}
const deadline = performance.now() + 120_000;
while (listening.size < CALLS && performance.now() < deadline) await sleep(200);
const setupSeconds = (performance.now() - placingStarted) / 1000;
global.gc?.();
const heapAtPeak = process.memoryUsage().heapUsed;
const concurrent = ivr.calls.size;
console.log(
  `${concurrent} calls live in one IVR process, ${listening.size} in the main menu after ${round(setupSeconds, 1)} s`,
);

// Keys at a fixed rate across the calls: "4" opens the reference sub-menu (a new prompt).
const gapMs = 1000 / KEYS_PER_SECOND;
const pressStarted = performance.now();
for (const [i, call] of calls.entries()) {
  void call.sendDtmf('4', { durationMs: 80 });
  const due = pressStarted + (i + 1) * gapMs;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
}
const measureDeadline = performance.now() + 30_000;
while (latencies.length < calls.length && performance.now() < measureDeadline) await sleep(100);

const figures = {
  concurrent_calls: concurrent,
  in_menu: listening.size,
  keys_measured: latencies.length,
  keys_per_second: KEYS_PER_SECOND,
  p50_ms: round(percentile(latencies, 50)),
  p99_ms: round(percentile(latencies, 99)),
  max_ms: round(percentile(latencies, 100)),
  mb_per_call: round((heapAtPeak - heapBefore) / 1024 / 1024 / Math.max(1, concurrent), 3),
  setup_seconds: round(setupSeconds, 1),
  ...machine(),
};
console.log(
  `DTMF event → next prompt command: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms over ${latencies.length} keys; ${figures.mb_per_call} MB heap per call`,
);

for (const call of calls) call.hangup(16);
await Promise.race([ivr.drain(), sleep(30_000)]);
ivr.detach();
client.removeAllListeners();
client.stop();
await offers.stop();
await double.close();
synthesizer.close?.();
await speech.close();
const keys = await redis.keys(`${prefix}*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();
await pool.end();
await db.drop();
rmSync(dir, { recursive: true, force: true });
printFigures('ivr', figures);
process.exit(0);
