/**
 * Where the ACD's Redis time goes, per command: starts a private redis-server (so neither other
 * sessions' scripts nor their load blur the figures), builds the benchmark's state (1,000
 * operators, 5,000 waiting) and runs the same cycle from ONE connection, one call at a time, with
 * SLOWLOG recording every call. Prints µs per call of each Lua command and, from commandstats, the
 * time of the Redis commands run inside them (the rest is Lua and call overhead).
 * Run: `npx tsx bench/acd/profile.ts` (needs `redis-server` on PATH; no PostgreSQL).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Acd } from '../../agent-desktop/server/acd/router/acd.ts';
import { acdLibrary } from '../../agent-desktop/server/acd/scripts/loader.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { round } from './stats.ts';

const OPERATORS = 1_000;
const WAITING = 5_000;
const CYCLES = Number(process.env.ACD_PROFILE_CYCLES ?? 3_000);
const HOLD = process.env.ACD_PROFILE_HOLD === '1';
const QUEUES = ['households', 'companies', 'debt', 'readings'];
const port = 20_000 + Math.floor(Math.random() * 20_000);

// ACD_PROFILE_CALLGRIND=<file>: the server runs under valgrind's callgrind, which counts the
// instructions of the measured part per function (`callgrind_annotate <file>`); slow, use few cycles.
const CALLGRIND = process.env.ACD_PROFILE_CALLGRIND;
const serverArgs = ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
const server: ChildProcess = CALLGRIND
  ? spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--instr-atstart=no',
        `--callgrind-out-file=${CALLGRIND}`,
        'redis-server',
        ...serverArgs,
      ],
      { stdio: 'ignore' },
    )
  : spawn('redis-server', serverArgs, { stdio: 'ignore' });
const redis = new Redis({ port, retryStrategy: (n) => (n > 50 ? null : 100) });
try {
  // The server needs a moment to listen; ioredis retries until then.
  redis.on('error', () => {});
  await new Promise((resolve) => redis.once('ready', resolve));
  const acd = new Acd({
    redis,
    prefix: 'profile',
    clock: systemClock,
    workingTime: {
      isWorkingTime: () => true,
      nextWorkingTime: (at: Date) => at,
      chatAppealDeadline: (_: string, at: Date) => new Date(at.getTime() + 86_400_000),
    },
    breakRule: { enabled: false, minReadyPerQueue: 1 },
  });
  for (const name of QUEUES) await acd.defineQueue({ name, media: 'voice' });
  for (let i = 1; i <= OPERATORS; i++) {
    const skills = [QUEUES[i % 4]!, QUEUES[(i + 1) % 4]!].map((queue) => ({ queue, level: 1 + (i % 10) }));
    await acd.login({ agentId: String(i), skills, state: 'not_ready', reason: 'break' });
  }
  for (let i = 0; i < WAITING; i++) {
    await acd.enqueue({
      id: randomUUID(),
      queue: QUEUES[i % 4]!,
      channel: 'phone',
      priority: i % 10 ? 0 : 5,
    });
  }
  // Loaded before measuring (else the first call pays FUNCTION LOAD's compilation).
  await redis.function('LOAD', 'REPLACE', acdLibrary().code);
  // SLOWLOG records every call for the per-command split (it costs the server extra work, so it
  // stays off under callgrind, where the instruction count is the figure).
  if (!CALLGRIND) {
    await redis.config('SET', 'slowlog-log-slower-than', '0');
    await redis.config('SET', 'slowlog-max-len', '1000000');
  }
  await redis.slowlog('RESET');
  await redis.config('RESETSTAT');
  // CPU time of the server process: unlike SLOWLOG's wall time, not inflated by preemption.
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  if (HOLD) {
    // Lets a profiler attach to the server (perf record -p <pid>) before the measured part.
    console.log(`redis-server pid ${server.pid}; measuring in 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  // Under callgrind, count instructions only from here: unlike time, not blurred by the neighbours.
  if (CALLGRIND) execFileSync('callgrind_control', ['--instr=on', String(server.pid)]);
  const cpuBefore = cpuMs();
  let seq = 0;
  let cycles = 0;
  let commandsRun = 0;
  for (let agent = 1; cycles < CYCLES; agent = (agent % OPERATORS) + 1) {
    const agentId = String(agent);
    await acd.setState({ agentId, state: 'ready' });
    commandsRun += 2; // the two setState calls
    let ixId = await redis.hget(acd.keys.agent(agentId), 'vix');
    for (let n = 0; n < 10 && ixId && cycles < CYCLES; n++, cycles++) {
      commandsRun += 4;
      await acd.accept(ixId, agentId);
      await acd.finish(ixId, agentId);
      await acd.enqueue({ id: randomUUID(), queue: QUEUES[seq++ % 4]!, channel: 'phone', priority: 0 });
      const ended = await acd.endWrapUp(ixId, agentId);
      ixId = ended.status === 'closed' ? (ended.nextCall ?? null) : null;
    }
    await acd.setState({ agentId, state: 'not_ready', reason: 'break' });
  }
  const cpuUsed = cpuMs() - cpuBefore;
  if (CALLGRIND) execFileSync('callgrind_control', ['--instr=off', String(server.pid)]);
  const entries = (await redis.slowlog('GET', '-1')) as [number, number, number, string[]][];
  const perCommand = new Map<string, { calls: number; us: number }>();
  for (const [, , us, args] of entries) {
    if (args[0]?.toLowerCase() !== 'fcall') continue;
    const name = args[1]!.slice(args[1]!.lastIndexOf('_') + 1);
    const entry = perCommand.get(name) ?? { calls: 0, us: 0 };
    entry.calls++;
    entry.us += us;
    perCommand.set(name, entry);
  }
  let total = 0;
  let calls = 0;
  console.log(
    `ACD Lua profile: ${OPERATORS} operators, ${WAITING} waiting, ${CYCLES} cycles, one connection`,
  );
  for (const [name, { calls: n, us }] of [...perCommand].sort((a, b) => b[1].us - a[1].us)) {
    console.log(`  ${name.padEnd(16)} n=${String(n).padStart(6)}  ${round(us / n, 1)} µs/call`);
    total += us;
    calls += n;
  }
  const stats = (await redis.info('commandstats')).split('\n').filter((l) => l.startsWith('cmdstat_'));
  let inner = 0;
  const innerLines: string[] = [];
  for (const line of stats) {
    const m = /^cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (
      !m ||
      ['fcall', 'function|load', 'slowlog|get', 'config|resetstat', 'slowlog', 'config', 'info'].includes(
        m[1]!,
      )
    )
      continue;
    inner += Number(m[3]);
    innerLines.push(
      `${m[1]} ${round(Number(m[2]) / commandsRun, 2)}/op ${round(Number(m[3]) / commandsRun, 1)} µs/op`,
    );
  }
  if (calls) console.log(`  all commands: ${round(total / calls, 1)} µs per call (SLOWLOG wall time)`);
  console.log(
    `  Redis commands inside Lua, per call: ${round(inner / commandsRun, 1)} µs: ${innerLines.join(', ')}`,
  );
  const cpuUs = (cpuUsed * 1000) / commandsRun;
  console.log(`  redis-server CPU: ${round(cpuUs, 1)} µs per call (with the network round trip)`);
  if (CALLGRIND)
    console.log(`  ${commandsRun} commands; instructions: callgrind_annotate ${CALLGRIND} | head -30`);
  console.log(
    JSON.stringify({
      bench: 'acd-profile',
      us_per_call: calls ? round(total / calls, 1) : null,
      cpu_us_per_call: round(cpuUs, 1),
    }),
  );
} finally {
  redis.disconnect();
  server.kill('SIGTERM');
  await once(server, 'exit');
}
