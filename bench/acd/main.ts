/**
 * ACD routing benchmark: 1,000 operators, 5,000 waiting interactions, then enqueue + offer +
 * accept + finish + wrap-up-end cycles from 4 router connections at once against local Redis,
 * while `hotline acd worker` (its own process, as deployed) drains every transition into a
 * scratch PostgreSQL database and runs the timers. Prints the workload and figures; the last
 * line is one JSON object.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Acd } from '../../agent-desktop/server/acd/router/acd.ts';
import { migrate } from '../../core/db/migrate.ts';
import { createPool } from '../../core/db/pool.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { Latencies, round } from './stats.ts';

const OPERATORS = 1_000;
const WAITING = 5_000;
const ROUTERS = 4;
// One operation in flight per router by default: 4 routers, like 4 IVR/chatbot/desktop instances each
// waiting for its reply; ACD_BENCH_WORKERS=4 measures 16 in flight (more throughput, longer queueing).
const WORKERS_PER_ROUTER = Number(process.env.ACD_BENCH_WORKERS ?? 1);
const CYCLES = Number(process.env.ACD_BENCH_CYCLES ?? 15_000);
const QUEUES = ['households', 'companies', 'debt', 'readings'];

const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;
if (!redisUrl || !databaseUrl)
  throw new Error('run with `npm run bench -- acd` (sets REDIS_URL and DATABASE_URL)');

const prefix = `bench${randomBytes(4).toString('hex')}`;
const alwaysOpen = {
  isWorkingTime: () => true,
  nextWorkingTime: (at: Date) => at,
  chatAppealDeadline: (_: string, at: Date) => new Date(at.getTime() + 86_400_000),
};

// A scratch database for the outbox writer, so the bench never touches real data.
const dbName = `hotline_bench_acd_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: databaseUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const dbUrl = new URL(databaseUrl);
dbUrl.pathname = `/${dbName}`;
const pool = createPool(dbUrl.toString(), { max: 4, applicationName: 'bench-acd' });
await migrate(pool);
await pool.query(
  `insert into users (id, login, full_name, password_hash, roles)
   select g, 'op' || g, 'Оператор ' || g, 'x', '{operator}' from generate_series(1, $1) g`,
  [OPERATORS],
);

const connections = Array.from({ length: ROUTERS }, () => new Redis(redisUrl));
const routers = connections.map(
  (redis) =>
    new Acd({
      redis,
      prefix,
      clock: systemClock,
      workingTime: alwaysOpen,
      breakRule: { enabled: false, minReadyPerQueue: 1 },
    }),
);
const acd = routers[0]!;
const writerRedis = new Redis(redisUrl);
let workerProcess: ChildProcess | undefined;

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['bin/hotline.mjs', 'acd', 'worker', '--figures-every', '2000'], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      REDIS_PREFIX: prefix,
      ACD_OUTBOX_BATCH: process.env.ACD_OUTBOX_BATCH ?? '2000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function stopWorker(): Promise<void> {
  if (!workerProcess || workerProcess.exitCode !== null) return;
  workerProcess.kill('SIGTERM');
  await once(workerProcess, 'exit');
}

async function cleanup() {
  await stopWorker();
  let cursor = '0';
  do {
    const [next, keys] = await writerRedis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await writerRedis.del(...keys);
  } while (cursor !== '0');
  for (const redis of [...connections, writerRedis]) redis.disconnect();
  await pool.end();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

try {
  // Setup (not measured): queues, operators logged in on break, the waiting interactions.
  for (const name of QUEUES) await acd.defineQueue({ name, media: 'voice' });
  for (let i = 1; i <= OPERATORS; i++) {
    const skills = [QUEUES[i % 4]!, QUEUES[(i + 1) % 4]!].map((queue) => ({ queue, level: 1 + (i % 10) }));
    await acd.login({ agentId: String(i), skills, state: 'not_ready', reason: 'break' });
  }
  const setupStarted = performance.now();
  for (let i = 0; i < WAITING; i++) {
    await routers[i % ROUTERS]!.enqueue({
      id: randomUUID(),
      queue: QUEUES[i % 4]!,
      channel: 'phone',
      priority: i % 10 === 0 ? 5 : 0,
    });
  }
  const setupMs = performance.now() - setupStarted;
  if (process.env.ACD_BENCH_WRITER !== 'off') workerProcess = startWorker();

  const latency = {
    enqueue: new Latencies(),
    accept: new Latencies(),
    finish: new Latencies(),
    endWrapUp: new Latencies(),
    setState: new Latencies(),
  };
  const all = new Latencies();
  const timed = async <T>(kind: keyof typeof latency, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    latency[kind].add(ms);
    all.add(ms);
    return result;
  };

  // The ACD runs as Redis Functions (FCALL); the calibration below is a plain EVALSHA.
  const callStats = async (command: 'fcall' | 'evalsha') => {
    const line = (await writerRedis.info('commandstats'))
      .split('\n')
      .find((l) => l.startsWith(`cmdstat_${command}:`));
    const match = /calls=(\d+),usec=(\d+)/.exec(line ?? '');
    return { calls: Number(match?.[1] ?? 0), usec: Number(match?.[2] ?? 0) };
  };
  // Calibration: what an empty Lua call costs on this machine right now (CPU contention shows here).
  const emptySha = (await writerRedis.script('LOAD', 'return 1')) as string;
  const emptyBefore = await callStats('evalsha');
  for (let i = 0; i < 2_000; i++) await writerRedis.evalsha(emptySha, 0);
  const emptyAfter = await callStats('evalsha');
  const emptyUs = (emptyAfter.usec - emptyBefore.usec) / Math.max(1, emptyAfter.calls - emptyBefore.calls);
  const evalBefore = await callStats('fcall');
  const cpuBefore = process.cpuUsage();
  const idle = Array.from({ length: OPERATORS }, (_, i) => String(i + 1));
  let cyclesLeft = CYCLES;
  let enqueueSeq = 0;
  const started = performance.now();
  // Each worker takes an operator, makes it ready (it is offered the best waiting interaction),
  // and runs the cycle: accept, finish, end wrap-up (offers the next), plus one new arrival.
  async function worker(router: Acd) {
    while (cyclesLeft > 0) {
      const agentId = idle.pop();
      if (!agentId) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await timed('setState', () => router.setState({ agentId, state: 'ready' }));
      // The call offered on becoming ready; afterwards end-wrap-up names the next one itself.
      let ixId = await router.redis.hget(router.keys.agent(agentId), 'vix');
      for (let n = 0; n < 10 && cyclesLeft > 0 && ixId; n++) {
        const current = ixId;
        cyclesLeft--;
        await timed('accept', () => router.accept(current, agentId));
        await timed('finish', () => router.finish(current, agentId));
        await timed('enqueue', () =>
          router.enqueue({
            id: randomUUID(),
            queue: QUEUES[enqueueSeq++ % 4]!,
            channel: 'phone',
            priority: enqueueSeq % 10 === 0 ? 5 : 0,
          }),
        );
        const ended = await timed('endWrapUp', () => router.endWrapUp(current, agentId));
        ixId = ended.status === 'closed' ? (ended.nextCall ?? null) : null;
      }
      await timed('setState', () => router.setState({ agentId, state: 'not_ready', reason: 'break' }));
      idle.unshift(agentId);
    }
  }
  await Promise.all(
    routers.flatMap((router) => Array.from({ length: WORKERS_PER_ROUTER }, () => worker(router))),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const evalAfter = await callStats('fcall');
  // Redis time inside the Lua commands per routing operation (all instances share this Redis).
  const redisUsPerOp = (evalAfter.usec - evalBefore.usec) / Math.max(1, evalAfter.calls - evalBefore.calls);
  const backlog = await writerRedis.xlen(acd.keys.outbox);
  const drainStarted = performance.now();
  await stopWorker(); // it drains the outbox before exiting
  const drainMs = performance.now() - drainStarted;
  const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from interaction_events');
  const waitingNow = (await Promise.all(QUEUES.map((q) => acd.redis.zcard(acd.keys.waiting(q))))).reduce(
    (a, b) => a + b,
    0,
  );

  const opsPerS = (all.count / elapsedMs) * 1000;
  console.log('ACD routing benchmark');
  console.log(
    `workload: ${OPERATORS} operators (2 of ${QUEUES.length} voice queues each), ${WAITING} interactions waiting at start`,
  );
  console.log(
    `          ${CYCLES} cycles of accept + finish + enqueue + end wrap-up (which offers the next) plus ready/break switches,`,
  );
  console.log(
    `          ${ROUTERS} router connections x ${WORKERS_PER_ROUTER} concurrent workers, local Redis;`,
  );
  console.log(
    '          meanwhile `hotline acd worker` (own process) drains the outbox to PostgreSQL and runs timers',
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
  );
  console.log(`setup: ${WAITING} enqueues in ${round(setupMs / 1000)} s; waiting at end: ${waitingNow}`);
  console.log(`operations: ${all.count} in ${round(elapsedMs / 1000)} s = ${Math.round(opsPerS)} ops/s`);
  const routerCpuUs = (cpu.user + cpu.system) / all.count;
  console.log(
    `cost per operation: Redis ${round(redisUsPerOp, 1)} µs inside the Lua command, router process ${round(routerCpuUs, 1)} µs CPU; an empty Lua call took ${round(emptyUs, 1)} µs`,
  );
  console.log(
    `latency ms: p50 ${round(all.percentile(50), 3)}  p95 ${round(all.percentile(95), 3)}  p99 ${round(all.percentile(99), 3)}  max ${round(all.percentile(100), 3)}`,
  );
  for (const [kind, l] of Object.entries(latency)) {
    console.log(
      `  ${kind.padEnd(10)} n=${String(l.count).padStart(6)}  p50 ${round(l.percentile(50), 3)}  p99 ${round(l.percentile(99), 3)}`,
    );
  }
  console.log(
    `PostgreSQL: ${rows[0]!.n} interaction_events written in batches; outbox backlog at the end ${backlog}, drained in ${Math.round(drainMs)} ms`,
  );
  console.log(
    JSON.stringify({
      bench: 'acd',
      operators: OPERATORS,
      waiting_at_start: WAITING,
      cycles: CYCLES,
      ops: all.count,
      ops_per_s: Math.round(opsPerS),
      p50_ms: round(all.percentile(50), 3),
      p95_ms: round(all.percentile(95), 3),
      p99_ms: round(all.percentile(99), 3),
      redis_us_per_op: round(redisUsPerOp, 1),
      redis_empty_script_us: round(emptyUs, 1),
      router_cpu_us_per_op: round((cpu.user + cpu.system) / all.count, 1),
      load_avg_1m: round(loadavg()[0]!, 1),
      pg_events: rows[0]!.n,
      outbox_backlog_at_end: backlog,
      final_drain_ms: Math.round(drainMs),
    }),
  );
} finally {
  await cleanup();
}
