/**
 * Live-update benchmark of the desktop (issue 8): the desktop server in this process (API, live
 * hub, every area's live sources), 300 operators signed in through the real login, 300 live
 * WebSockets from a child process. ACD events go the real way — ACD commands and the figures
 * publisher write the Redis stream, the hub's stream reader fans them out — and every arrival on
 * every socket is timed from the event's `at`. Target: p99 < 500 ms. Last line: one JSON object.
 *
 *   npm run bench -- desktop [--sockets 300 --rounds 50 --interval-ms 200]
 */
import { fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { publishFigures } from '../../agent-desktop/server/acd/index.ts';
import { buildDesktop } from '../../agent-desktop/server/desktop.ts';
import { hashPassword } from '../../core/auth/password.ts';
import { loadConfig } from '../../core/config/load.ts';
import { baseConfigSchema } from '../../core/config/schema.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/index.ts';
import type { ServiceContext } from '../../core/platform/service.ts';
import { createTestRedis } from '../../core/testing/redis.ts';
import { createScratchDatabase, machine, numberFlag, percentile, printFigures, round } from '../lib/index.ts';

const SOCKETS = numberFlag(process.argv, '--sockets', 300);
const ROUNDS = numberFlag(process.argv, '--rounds', 50);
const INTERVAL_MS = numberFlag(process.argv, '--interval-ms', 200);
const PASSWORD = 'Пароль-стенда-2026';
const QUEUE = 'chat_general';

const db = await createScratchDatabase('desktop');
// A unique key prefix, deleted at the end (the same scan-and-delete the tests use).
const scratchRedis = await createTestRedis();
const { redis, prefix } = scratchRedis;
const env = {
  ...process.env,
  DATABASE_URL: db.url,
  REDIS_PREFIX: prefix,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  DESKTOP_COOKIE_SECURE: 'false',
  LOGIN_RATE_PER_MINUTE: '1000',
  ACD_BREAK_RULE: 'off',
};
const context: ServiceContext = {
  config: loadConfig(baseConfigSchema, env),
  env,
  logger: createLogger({ name: 'bench-desktop' }),
  clock: systemClock,
  pool: () => db.pool,
  redis: () => redis,
};

console.log(
  `workload: ${SOCKETS} operators signed in, one live socket each (child process); ${ROUNDS} rounds ` +
    `${INTERVAL_MS} ms apart, each = the ACD figures publication (the queue figures reach every socket) + a ` +
    `state change of every operator (each socket gets its own); cpus ${machine().cpus}, load ${machine().load_avg_1m}`,
);

const desktop = buildDesktop(context);
const server: Server = desktop.app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
desktop.live.attach(server);
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const acd = desktop.context.acd;

let exitCode = 0;
try {
  // Real accounts; a cheap scrypt cost for the bench's hashes only — the login verifies with the
  // hash's own parameters, so the sign-in path is the product's.
  const hash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  const { rows } = await db.pool.query<{ id: string; login: string }>(
    `insert into users (login, full_name, password_hash, roles)
     select 'bench-op-' || g, 'Оператор ' || g, $1, '{operator}' from generate_series(1, $2) g
     returning id, login`,
    [hash, SOCKETS],
  );
  await acd.defineQueue({ name: QUEUE, media: 'chat' });
  for (const row of rows)
    await acd.login({ agentId: String(row.id), skills: [{ queue: QUEUE }], state: 'ready' });

  const signInStarted = performance.now();
  const cookies: string[] = [];
  for (const row of rows) {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: row.login, password: PASSWORD }),
    });
    if (!response.ok) throw new Error(`sign-in of ${row.login} failed: ${response.status}`);
    cookies.push((response.headers.get('set-cookie') ?? '').split(';')[0]!);
  }
  const signInMs = performance.now() - signInStarted;

  const child = fork('bench/desktop/sockets.ts', [], { execArgv: ['--import', 'tsx'] });
  const fromChild = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      child.on('message', (m) => {
        if ((m as { type: string }).type === type) resolve(m as T);
      });
      child.once('exit', (code) => reject(new Error(`socket process exited with ${code}`)));
    });
  const ready = fromChild<{ sockets: number }>('ready');
  child.send({ wsUrl: `${base.replace('http', 'ws')}/ws`, cookies });
  const opened = await ready;
  if (desktop.live.connections !== SOCKETS) throw new Error(`${desktop.live.connections} sockets connected`);

  const startAt = Date.now();
  child.send({ type: 'start', at: startAt });
  await new Promise((resolve) => setTimeout(resolve, 100));
  let events = 0;
  // Events every operator's socket gets: the queue figures (the operators' figures go to supervisors).
  let broadcast = 0;
  const queues = (await acd.queueNames()).length;
  const agents = rows.map((row) => String(row.id));
  for (let round = 0; round < ROUNDS; round++) {
    const roundStarted = Date.now();
    const published = await publishFigures(redis, acd.keys, systemClock);
    broadcast += queues;
    const state = round % 2 === 0 ? 'not_ready' : 'ready';
    await Promise.all(
      agents.map((agentId) =>
        acd.setState(state === 'ready' ? { agentId, state } : { agentId, state, reason: 'break' }),
      ),
    );
    events += published + agents.length;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, INTERVAL_MS - (Date.now() - roundStarted))),
    );
  }
  // Everything published has had time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const result = fromChild<{
    latencies: number[];
    broadcastLatencies: number[];
    errors: number;
    closedEarly: number;
    minPerSocket: number;
  }>('result');
  child.send({ type: 'finish' });
  const measured = await result;
  const expected = broadcast * SOCKETS + ROUNDS * SOCKETS;
  const missing = expected - measured.latencies.length;
  const errors = measured.errors + measured.closedEarly + Math.max(0, missing);
  const p99 = percentile(measured.latencies, 99);
  console.log(
    `sign-in of ${SOCKETS} operators ${round(signInMs / 1000, 1)} s; ${opened.sockets} sockets; ` +
      `${events} ACD events (${broadcast} to every socket), ${measured.latencies.length} of ${expected} deliveries; ` +
      `fewest per socket ${measured.minPerSocket}`,
  );
  printFigures('desktop', {
    sockets: opened.sockets,
    events,
    deliveries: measured.latencies.length,
    p50_ms: round(percentile(measured.latencies, 50)),
    p95_ms: round(percentile(measured.latencies, 95)),
    p99_ms: round(p99),
    max_ms: round(percentile(measured.latencies, 100)),
    // The events that reach all the sockets at once (one event, every socket).
    broadcast_p99_ms: round(percentile(measured.broadcastLatencies, 99)),
    errors,
    target_met: p99 < 500 && errors === 0,
    ...machine(),
  });
  if (errors) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await desktop.live.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await scratchRedis.cleanup();
  await db.drop();
}
process.exit(exitCode);
