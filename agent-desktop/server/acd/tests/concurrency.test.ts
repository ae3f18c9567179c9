import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingTime } from '../../../../core/calendar/index.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { NOT_READY_REASONS } from '../../../../core/vocabulary/index.ts';
import { Acd } from '../router/acd.ts';
import { acdWorkingTime } from '../services/working-time.ts';
import { WORKING_MORNING } from './harness.ts';
import { type AcdState, checkInvariants, readState } from './invariants.ts';

/**
 * Four routers (own connections, one shared Redis) fire random operations at the same time;
 * after every step the whole state is read back and checked: no interaction offered to two
 * operators, no capacity exceeded, none lost, indexes consistent, work-conserving.
 */
const ROUTERS = 4;
const STEPS = 700;
const QUEUES = [
  { name: 'reserve', media: 'voice' as const },
  { name: 'households', media: 'voice' as const, overflowTo: 'reserve', overflowAfterMs: 40_000 },
  { name: 'companies', media: 'voice' as const, strategy: 'skill_level' as const },
  { name: 'chat', media: 'chat' as const },
];
const AGENTS = Array.from({ length: 12 }, (_, i) => String(i + 1));

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let base: TestRedis;
const connections: Redis[] = [];
const routers: Acd[] = [];
const clock = new ManualClock(WORKING_MORNING);

beforeAll(async () => {
  base = await createTestRedis();
  const workingTime = acdWorkingTime(createWorkingTime({ clock, timeZone: 'Asia/Krasnoyarsk' }));
  for (let i = 0; i < ROUTERS; i++) {
    const redis = new Redis(base.url);
    connections.push(redis);
    routers.push(new Acd({ redis, prefix: base.prefix, clock, workingTime }));
  }
});
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  await base.cleanup();
});

describe('several routers at once', () => {
  it(`keeps every invariant through ${STEPS} steps of interleaved random operations`, async () => {
    // ACD_TEST_SEED replays another interleaving; a failure names the step to reproduce it.
    const random = prng(Number(process.env.ACD_TEST_SEED ?? 20261127));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const router = () => pick(routers);
    for (const q of QUEUES) await routers[0]!.defineQueue(q);
    for (const agentId of AGENTS) {
      const skills = QUEUES.filter(() => random() < 0.5).map((q) => ({
        queue: q.name,
        level: 1 + Math.floor(random() * 10),
      }));
      if (!skills.length) skills.push({ queue: 'households', level: 5 });
      await router().login({ agentId, skills, chatCapacity: 1 + Math.floor(random() * 3), state: 'ready' });
    }

    const created: string[] = [];
    const finished = new Set<string>();
    let state: AcdState = await readState(base.redis, routers[0]!.keys, created);
    let operations = 0;
    let idSeq = 0;
    const nextId = () => `00000000-0000-4000-8000-${String(++idSeq).padStart(12, '0')}`;

    const randomOperation = (): (() => Promise<unknown>) => {
      const byState = (st: string) => Object.entries(state.interactions).filter(([, ix]) => ix.st === st);
      const roll = random();
      if (roll < 0.22) {
        const q = pick(QUEUES);
        const id = nextId();
        created.push(id);
        return () =>
          router().enqueue({
            id,
            queue: q.name,
            channel: q.media === 'chat' ? 'telegram' : 'phone',
            priority: random() < 0.2 ? 5 : 0,
          });
      }
      if (roll < 0.37) {
        const offered = byState('offered');
        if (offered.length) {
          const [id, ix] = pick(offered);
          const agent = random() < 0.9 ? ix.ag! : pick(AGENTS); // sometimes the wrong operator tries
          return random() < 0.85
            ? () => router().accept(id, agent)
            : () => router().reject(id, agent, 'missed_offer');
        }
      }
      if (roll < 0.5) {
        const connected = byState('connected');
        if (connected.length) {
          const [id, ix] = pick(connected);
          return () => router().finish(id, ix.ag!);
        }
      }
      if (roll < 0.62) {
        const wrapping = byState('wrap_up');
        if (wrapping.length) {
          const [id, ix] = pick(wrapping);
          return () => router().endWrapUp(id, ix.ag!);
        }
      }
      if (roll < 0.68) {
        const waiting = [...byState('queued'), ...byState('offered')];
        if (waiting.length) return () => router().cancel(pick(waiting)[0]);
      }
      if (roll < 0.71) {
        const queued = byState('queued');
        if (queued.length) return () => router().requestCallback(pick(queued)[0]);
      }
      if (roll < 0.85) {
        const agentId = pick(AGENTS);
        const r = random();
        if (r < 0.6) return () => router().setState({ agentId, state: 'ready' });
        if (r < 0.9)
          return () => router().setState({ agentId, state: 'not_ready', reason: pick(NOT_READY_REASONS) });
        return () => router().setState({ agentId, state: 'offline' });
      }
      return () => router().processTimers(50);
    };

    for (let step = 0; step < STEPS; step++) {
      const batch = Array.from({ length: 1 + Math.floor(random() * 8) }, randomOperation);
      await Promise.all(batch.map((operation) => operation()));
      operations += batch.length;
      const r = random();
      clock.advance(r < 0.05 ? 16_000 : r < 0.07 ? 301_000 : Math.floor(random() * 3_000));
      // Finished interactions never come back; read the live ones (and check no set holds others).
      const live = created.filter((id) => !finished.has(id));
      state = await readState(base.redis, routers[0]!.keys, live);
      const problems = checkInvariants(state, live);
      for (const id of live) {
        const st = state.interactions[id]?.st;
        if (st === 'closed' || st === 'abandoned') finished.add(id);
      }
      if (problems.length) throw new Error(`step ${step}: ${problems.slice(0, 5).join('; ')}`);
    }
    expect(operations).toBeGreaterThan(2_500);
    expect(created.length).toBeGreaterThan(400);
    // The run exercised the interesting paths, not just enqueues.
    expect(finished.size).toBeGreaterThan(100);
    const missed = Object.values(state.agents).reduce((sum, a) => sum + Number(a.hash.missed ?? 0), 0);
    expect(missed).toBeGreaterThan(0);
  }, 120_000);
});
