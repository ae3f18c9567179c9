/**
 * The load side of bench/chatbot, in its own process so the clients do not share the chatbot's
 * event loop: `--url --rate --sessions --seconds --warmup`; prints one JSON line of latencies.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { numberFlag, percentile, round, stringFlag } from '../lib/index.ts';
import { QUESTIONS } from './questions.ts';

const URL_BASE = stringFlag(process.argv, '--url', '');
const RATE = numberFlag(process.argv, '--rate', 1000);
const SESSIONS = numberFlag(process.argv, '--sessions', 200);
const SECONDS = numberFlag(process.argv, '--seconds', 10);
const WARMUP_S = numberFlag(process.argv, '--warmup', 2);

const latencies: number[] = [];
/** `--trace`: latency per half second on stderr, to see warm-up and stalls. */
const TRACE = process.argv.includes('--trace');
const trace: Array<[number, number]> = [];
let measuring = false;
let stop = false;
let errors = 0;
/** Replies received over the whole run (warm-up included), for CPU per message. */
let answered = 0;

async function open(): Promise<WebSocket> {
  const ws = new WebSocket(`${URL_BASE.replace('http', 'ws')}/chat/ws?session=${randomUUID()}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

async function session(ws: WebSocket, index: number, startAt: number): Promise<void> {
  let waiting: (() => void) | undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string };
    if (frame.type === 'message') waiting?.();
    else if (frame.type === 'error') errors++;
  });
  const periodMs = (SESSIONS / RATE) * 1000;
  let slot = startAt + (index * periodMs) / SESSIONS;
  for (let turn = 0; !stop; turn++) {
    const frame =
      turn % 2 === 0
        ? { type: 'message', id: randomUUID(), text: QUESTIONS[(index + turn / 2) % QUESTIONS.length] }
        : { type: 'button', id: randomUUID(), data: 'yes' };
    const wait = slot - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await new Promise<void>((resolve) => {
      waiting = resolve;
      ws.send(JSON.stringify(frame));
    });
    answered++;
    if (measuring) latencies.push(performance.now() - slot);
    if (TRACE) trace.push([Math.floor((slot - startAt) / 500), performance.now() - slot]);
    slot += periodMs;
  }
  ws.close();
}

const sockets = await Promise.all(Array.from({ length: SESSIONS }, open));
const startAt = performance.now() + 200;
const loops = sockets.map((ws, i) => session(ws, i, startAt));
await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));
measuring = true;
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
measuring = false;
const elapsedS = (performance.now() - started) / 1000;
stop = true;
await Promise.all(loops);
if (TRACE) {
  const buckets = new Map<number, number[]>();
  for (const [bucket, ms] of trace) buckets.set(bucket, [...(buckets.get(bucket) ?? []), ms]);
  for (const [bucket, values] of [...buckets].sort((x, y) => x[0] - y[0])) {
    const figures = `n ${values.length} p50 ${round(percentile(values, 50))} ms, max ${round(Math.max(...values))} ms`;
    console.error(`${bucket / 2} s: ${figures}`);
  }
}
console.log(
  JSON.stringify({
    seconds: round(elapsedS),
    messages: latencies.length,
    msgs_per_s: round(latencies.length / elapsedS, 0),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(percentile(latencies, 100)),
    errors,
    answered,
  }),
);
