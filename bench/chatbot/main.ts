/**
 * Chatbot benchmark: web-chat clients over WebSocket → dialog engine (Redis state, NLU, knowledge
 * answers, transcript outbox to PostgreSQL) → reply frame. The chatbot runs in this process, the
 * clients in a child process (load.ts). Open loop: messages are scheduled at `--rate` per second
 * over `--sessions` conversations; a conversation sends its next message at its next slot, or at
 * once when the previous reply came late. Latency = scheduled instant → reply frame received, so a
 * backlog shows in it. Ends with one JSON line holding `msgs_per_s` and `p99_ms`.
 */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startChatbot } from '../../chatbot/app.ts';
import { chatbotConfigSchema } from '../../chatbot/config.ts';
import { PgBilling } from '../../core/billing/index.ts';
import { loadConfig } from '../../core/config/load.ts';
import { createPool } from '../../core/db/pool.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/index.ts';
import { createTestRedis } from '../../core/testing/redis.ts';
import { createScratchDatabase, machine, numberFlag, printFigures, round } from '../lib/index.ts';

const SESSIONS = numberFlag(process.argv, '--sessions', 200);
const RATE = numberFlag(process.argv, '--rate', 1000);
const SECONDS = numberFlag(process.argv, '--seconds', 10);
const WARMUP_S = numberFlag(process.argv, '--warmup', 5);

if (!process.env.REDIS_URL || !process.env.DATABASE_URL)
  throw new Error('run with `npm run bench -- chatbot`');
const db = await createScratchDatabase('chatbot');
// A prefix of its own, and its keys deleted at the end, as the tests do.
const scratchRedis = await createTestRedis();
const { redis, prefix } = scratchRedis;
const config = loadConfig(chatbotConfigSchema, {
  ...process.env,
  DATABASE_URL: db.url,
  REDIS_PREFIX: prefix,
  CHATBOT_PORT: '0',
  CHATBOT_HOST: '127.0.0.1',
  // Each bench session sends 5 messages a second, far above a person's pace: the flood limit
  // (still checked on every frame) is raised so that it measures the engine, not the limiter.
  CHATBOT_WEB_MESSAGES_PER_MINUTE: '100000',
  CHATBOT_WEB_BURST: '1000',
  CHATBOT_ATTACHMENTS_DIR: tmpdir(),
});
const logger = createLogger({ name: 'bench-chatbot', level: 'warn' });
// As deployed: the platform's pool of 20 (the scratch database's own pool is small).
const pool = createPool(db.url, { max: 20, applicationName: 'bench-chatbot' });
const bot = await startChatbot({
  config,
  pool,
  redis,
  billing: new PgBilling(pool),
  clock: systemClock,
  logger,
});

console.log(
  `workload: ${RATE} messages/s over ${SESSIONS} web-chat sessions for ${SECONDS} s (+${WARMUP_S} s warm-up); ` +
    'each sends a reference question, then presses "Да"; chatbot in this process, clients in a child; ' +
    `cpus ${machine().cpus}, load ${machine().load_avg_1m}`,
);

async function runLoad(): Promise<Record<string, number>> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/chatbot/load.ts',
      '--url',
      bot.url,
      '--rate',
      String(RATE),
      '--sessions',
      String(SESSIONS),
      '--seconds',
      String(SECONDS),
      '--warmup',
      String(WARMUP_S),
      ...(process.argv.includes('--trace') ? ['--trace'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
}

async function redisCpuS(): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

const cpuBefore = process.cpuUsage();
const redisBefore = await redisCpuS();
const load: Record<string, number> = await runLoad();
const cpu = process.cpuUsage(cpuBefore);
const redisCpu = (await redisCpuS()) - redisBefore;

// The transcript reaches PostgreSQL behind the replies; see how far behind before counting.
const catchUpStarted = performance.now();
for (;;) {
  const pending = await redis.xlen(`{${prefix}:chat}:tr`);
  if (pending === 0 || performance.now() - catchUpStarted > 30_000) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const { rows } = await db.pool.query<{ n: string }>(
  "select count(*) as n from interaction_events where kind = 'chat.message'",
);
const figures: Record<string, number> = {
  rate: RATE,
  sessions: SESSIONS,
  ...load,
  chatbot_cpu_s: round((cpu.user + cpu.system) / 1e6),
  // The chatbot's CPU per message over the whole run (start-up of the sessions included): the
  // figure that does not depend on how busy the machine is.
  chatbot_cpu_ms_per_msg: round((cpu.user + cpu.system) / 1e3 / Math.max(1, load.answered ?? 0), 3),
  // Redis is shared with whatever else runs on the machine: this includes their commands too.
  redis_cpu_s: round(redisCpu),
  transcript_rows: Number(rows[0]!.n),
  transcript_catch_up_ms: round(performance.now() - catchUpStarted, 0),
  ...machine(),
};
console.log(
  `${figures.messages} messages in ${figures.seconds} s: ${figures.msgs_per_s} msg/s, ` +
    `p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms; transcript rows ${figures.transcript_rows}`,
);
await bot.close();
await pool.end();
await scratchRedis.cleanup();
await db.drop();
printFigures('chatbot', figures);
