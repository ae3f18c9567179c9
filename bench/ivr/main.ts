/**
 * IVR benchmark: N concurrent calls (default 1,600, one Asterisk box's figure) through ONE IVR
 * process (this one) against the ARI double, real ari-client, a scratch PostgreSQL database and
 * local Redis. The double runs in its own process (`double-process.ts`), as Asterisk does: this
 * process does only the IVR's work. Calls come in at a steady rate, play the recording notice,
 * greeting and menu (each call starts its whole-call recording, its state goes to Redis, every
 * step to interaction_events), and wait in the main menu; then keys are pressed across the calls
 * at a fixed rate and each key's latency is measured by the double from emitting
 * ChannelDtmfReceived to receiving the IVR's next prompt command (event → command: the
 * WebSocket, the flow, the REST call). Memory per call = this process's heap growth / live calls.
 * Last line: one JSON object.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
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
import { AriRest } from '../../ivr/ari/rest.ts';
import { assembleIvr } from '../../ivr/assemble.ts';
import { startSpeechDouble } from '../../ivr/speech/double.ts';
import { createSynthesisClient } from '../../ivr/speech/synthesizer.ts';
import { createScratchDatabase, machine, numberFlag, percentile, printFigures, round } from '../lib/index.ts';
import type { DoubleCommand, DoubleReport } from './double-process.ts';

const CALLS = numberFlag(process.argv, '--calls', 1_600);
const ARRIVALS_PER_SECOND = numberFlag(process.argv, '--arrivals', 100);
const KEYS_PER_SECOND = numberFlag(process.argv, '--keys-per-second', 200);

/** IVR_BENCH_PROFILE=<file.cpuprofile>: a CPU profile of this process while keys are pressed. */
async function startProfile(file: string | undefined) {
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

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
const doubleProcess = fork(
  new URL('./double-process.ts', import.meta.url),
  [join(dir, 'spool'), join(dir, 'sounds')],
  {
    execArgv: ['--import', 'tsx'],
  },
);
const reports = new Map<string, (report: DoubleReport) => void>();
doubleProcess.on('message', (report: DoubleReport) => reports.get(report.type)?.(report));
function expect<T extends DoubleReport['type']>(type: T): Promise<Extract<DoubleReport, { type: T }>> {
  return new Promise((resolve) => reports.set(type, resolve as (report: DoubleReport) => void));
}
const command = (message: DoubleCommand) => doubleProcess.send(message);
const { url: doubleUrl } = await expect('ready');
const quiet = console.log;
console.log = () => {};
const client = await ari.connect(doubleUrl, 'ari', 'ari').finally(() => {
  console.log = quiet;
});
const synthesizer = createSynthesisClient({ address: speech.address });
const clock = new ManualClock('2026-11-27T03:00:00Z');
const rest = new AriRest({ url: doubleUrl, username: 'ari', password: 'ari' });
const { ivr, offers } = assembleIvr({
  client,
  rest,
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
  // The menus wait long enough for every call to be in the main menu at once, and for the key
  // phase to end before any reference sub-menu re-prompts: otherwise, 5 s into the key phase,
  // the calls that pressed first time out in step at 200/s, doubling the work per second.
  settings: { menuTimeoutMs: 60_000 },
});
offers.start();
ivr.attach();
await client.start('hotline');

const listening = new Set<string>();
ivr.observer.on('listening', (e: { channelId: string; prompts: string[] }) => {
  if (e.prompts.includes('mainMenu')) listening.add(e.channelId);
});

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const placingStarted = performance.now();
command({ type: 'place', calls: CALLS, perSecond: ARRIVALS_PER_SECOND });
const { channelIds } = await expect('placed');
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
// The machine's own noise: how late a 1 ms timer fires in this process while the calls sit idle
// in the menu. On a shared 2-CPU box it is the floor under the key latencies.
const noise: number[] = [];
for (const until = performance.now() + 2_000; performance.now() < until; ) {
  const asked = performance.now();
  await sleep(1);
  noise.push(performance.now() - asked - 1);
}
const profile = await startProfile(process.env.IVR_BENCH_PROFILE);
const cpuBefore = process.cpuUsage();
command({ type: 'press', digit: '4', perSecond: KEYS_PER_SECOND });
// Two seconds in, the scan for stray callers a process runs every 30 s (one GET /channels of all
// 1,600 calls' channels, parsed here): its cost lands among the keys (once per 8 s: pessimistic).
let strayScanMs = 0;
const strayScan = sleep(2_000).then(async () => {
  const started = performance.now();
  const swept = await ivr.sweep({ scanStrays: true });
  strayScanMs = performance.now() - started;
  if (swept.adopted > 0) throw new Error(`the stray scan adopted ${swept.adopted} live calls`);
});
const { latencies } = await expect('pressed');
await strayScan;
const cpu = process.cpuUsage(cpuBefore);
await profile?.stop();

const figures = {
  concurrent_calls: concurrent,
  in_menu: listening.size,
  keys_measured: latencies.length,
  calls_placed: channelIds.length,
  keys_per_second: KEYS_PER_SECOND,
  p50_ms: round(percentile(latencies, 50)),
  p99_ms: round(percentile(latencies, 99)),
  max_ms: round(percentile(latencies, 100)),
  idle_timer_lateness_p99_ms: round(percentile(noise, 99)),
  stray_scan_ms: round(strayScanMs),
  mb_per_call: round((heapAtPeak - heapBefore) / 1024 / 1024 / Math.max(1, concurrent), 3),
  // The IVR process's CPU (user + system) per key while keys were pressed.
  ivr_cpu_ms_per_key: round((cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length), 3),
  setup_seconds: round(setupSeconds, 1),
  ...machine(),
};
console.log(
  `DTMF event → next prompt command: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms over ${latencies.length} keys; ${figures.mb_per_call} MB heap per call`,
);

command({ type: 'hangup' });
await Promise.race([ivr.drain(), sleep(30_000)]);
ivr.detach();
client.removeAllListeners();
client.stop();
await offers.stop();
rest.close();
command({ type: 'close' });
await expect('closed');
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
