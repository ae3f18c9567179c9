/**
 * Chatbot benchmark: web-chat clients over WebSocket → dialog engine (Redis state, NLU, knowledge
 * answers, transcript outbox to PostgreSQL) → outbound queue → reply frame. Closed loop: each
 * session waits for the reply before its next message. Latency = send → reply frame received.
 * Ends with one JSON line holding `msgs_per_s` and `p99_ms`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { startChatbot } from '../../chatbot/app.ts';
import { chatbotConfigSchema } from '../../chatbot/config.ts';
import { PgBilling } from '../../core/billing/index.ts';
import { loadConfig } from '../../core/config/load.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/index.ts';
import { createScratchDatabase, machine, numberFlag, percentile, printFigures, round } from '../lib/index.ts';

const SESSIONS = numberFlag(process.argv, '--sessions', 100);
const SECONDS = numberFlag(process.argv, '--seconds', 10);
const WARMUP_S = 2;
const QUESTIONS = [
  'Как оплатить без комиссии?',
  'Какие сейчас тарифы на электроэнергию?',
  'Где ближайший офис и как он работает?',
  'Как зарегистрироваться в личном кабинете?',
  'Как заключить договор энергоснабжения?',
];

const redisUrl = process.env.REDIS_URL;
if (!redisUrl || !process.env.DATABASE_URL) throw new Error('run with `npm run bench -- chatbot`');
const db = await createScratchDatabase('chatbot');
const prefix = `bench${randomBytes(4).toString('hex')}`;
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const config = loadConfig(chatbotConfigSchema, {
  ...process.env,
  DATABASE_URL: db.url,
  REDIS_PREFIX: prefix,
  CHATBOT_PORT: '0',
  CHATBOT_HOST: '127.0.0.1',
});
const logger = createLogger({ name: 'bench-chatbot', level: 'warn' });
const bot = await startChatbot({
  config,
  pool: db.pool,
  redis,
  billing: new PgBilling(db.pool),
  clock: systemClock,
  logger,
});

console.log(
  `workload: ${SESSIONS} web-chat sessions in a closed loop for ${SECONDS} s (+${WARMUP_S} s warm-up); ` +
    `each sends a reference question, then presses "Да" (another question); ` +
    `chatbot in this process; cpus ${machine().cpus}, load ${machine().load_avg_1m}`,
);

const latencies: number[] = [];
let measuring = false;
let stop = false;
let errors = 0;

async function session(index: number): Promise<void> {
  const id = randomUUID();
  const ws = new WebSocket(`${bot.url.replace('http', 'ws')}/chat/ws?session=${id}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let waiting: (() => void) | undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string };
    if (frame.type === 'message') waiting?.();
    else if (frame.type === 'error') errors++;
  });
  for (let turn = 0; !stop; turn++) {
    const frame =
      turn % 2 === 0
        ? { type: 'message', id: randomUUID(), text: QUESTIONS[(index + turn / 2) % QUESTIONS.length] }
        : { type: 'button', id: randomUUID(), data: 'yes' };
    const sentAt = performance.now();
    await new Promise<void>((resolve) => {
      waiting = resolve;
      ws.send(JSON.stringify(frame));
    });
    if (measuring) latencies.push(performance.now() - sentAt);
  }
  ws.close();
}

const loops = Array.from({ length: SESSIONS }, (_, i) => session(i));
await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));
measuring = true;
const started = performance.now();
const cpuBefore = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
measuring = false;
const elapsedS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
stop = true;
await Promise.all(loops);

// The transcript reaches PostgreSQL behind the replies; wait for it to catch up before counting.
const transcriptLag = performance.now();
for (;;) {
  const pending = (await redis.xlen(`{${prefix}:chat}:tr`)) as number;
  if (pending === 0 || performance.now() - transcriptLag > 30_000) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const { rows } = await db.pool.query<{ n: string }>(
  "select count(*) as n from interaction_events where kind = 'chat.message'",
);
const figures = {
  sessions: SESSIONS,
  seconds: round(elapsedS),
  messages: latencies.length,
  msgs_per_s: round(latencies.length / elapsedS, 0),
  p50_ms: round(percentile(latencies, 50)),
  p99_ms: round(percentile(latencies, 99)),
  max_ms: round(percentile(latencies, 100)),
  errors,
  process_cpu_s: round((cpu.user + cpu.system) / 1e6),
  transcript_rows: Number(rows[0]!.n),
  transcript_catch_up_ms: round(performance.now() - transcriptLag, 0),
  ...machine(),
};
console.log(
  `${figures.messages} messages in ${figures.seconds} s: ${figures.msgs_per_s} msg/s, ` +
    `p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms; transcript rows ${figures.transcript_rows}`,
);
await bot.close();
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length) await redis.del(...keys);
} while (cursor !== '0');
redis.disconnect();
await db.drop();
printFigures('chatbot', figures);
