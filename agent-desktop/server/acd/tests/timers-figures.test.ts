import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishFigures, readAgentFigures, readQueueFigures } from '../events/figures.ts';
import { Acd } from '../router/acd.ts';
import { estimatedWaitMs } from '../services/estimated-wait.ts';
import { TimerPoller } from '../timers/poller.ts';
import { createHarness, type Harness, ixId } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  // The break rule is tested in boundaries.test.ts; here one operator goes on and off line freely.
  h = await createHarness({ breakRule: { enabled: false, minReadyPerQueue: 1 } });
  await h.acd.defineQueue({ name: 'households', media: 'voice', shortAbandonMs: 5_000 });
});
afterEach(async () => h.cleanup());

describe('timers survive a router restart', () => {
  it('an offer made by one instance is withdrawn by another after it went away', async () => {
    const other = new Redis(h.redis.url);
    try {
      const first = new Acd({
        redis: other,
        prefix: h.redis.prefix,
        clock: h.clock,
        workingTime: alwaysOpen,
      });
      await first.login({ agentId: '1', skills: [{ queue: 'households' }], state: 'ready' });
      const id = ixId();
      await first.enqueue({ id, queue: 'households', channel: 'phone' });
      other.disconnect(); // the instance that made the offer is gone
      h.clock.advance(15_100);
      const poller = new TimerPoller(h.acd, { batch: 1 });
      expect(await poller.tickOnce()).toBe(1);
      expect((await h.acd.interaction(id))?.st).toBe('queued');
    } finally {
      other.disconnect();
    }
  });

  it('a poller handles timers in batches until none is due', async () => {
    for (let i = 0; i < 7; i++) await h.acd.enqueue({ id: ixId(), queue: 'households', channel: 'phone' });
    h.clock.advance(100_001);
    const poller = new TimerPoller(h.acd, { batch: 3 });
    expect(await poller.tickOnce()).toBe(14); // 7 pre-alerts + 7 alerts
    expect(await poller.tickOnce()).toBe(0);
  });
});

const alwaysOpen = {
  isWorkingTime: () => true,
  nextWorkingTime: (at: Date) => at,
  chatAppealDeadline: (_: string, at: Date) => new Date(at.getTime() + 86_400_000),
};

describe('live figures', () => {
  it('service level (ServicelevelPerf2), ASA, AHT, abandons, offer share, longest and estimated wait', async () => {
    const answered = async (waitMs: number, talkMs: number, wrapMs: number) => {
      const id = ixId();
      await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
      h.clock.advance(waitMs);
      await h.acd.setState({ agentId: '1', state: 'ready' });
      expect(await h.acd.accept(id, '1')).toBe('accepted');
      h.clock.advance(talkMs);
      await h.acd.finish(id, '1');
      h.clock.advance(wrapMs);
      await h.acd.endWrapUp(id, '1');
      await h.acd.setState({ agentId: '1', state: 'not_ready', reason: 'technical' });
    };
    const abandoned = async (waitMs: number) => {
      const id = ixId();
      await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
      h.clock.advance(waitMs);
      await h.acd.cancel(id);
    };
    await h.acd.login({ agentId: '1', skills: [{ queue: 'households' }] });
    await answered(20_000, 100_000, 20_000); // within 100 s
    await answered(100_000, 200_000, 40_000); // exactly 100 s: within
    await answered(130_000, 60_000, 0); // over
    await abandoned(3_000); // short: left out
    await abandoned(50_000); // within
    await abandoned(150_000); // over
    // A missed offer.
    const missed = ixId();
    await h.acd.enqueue({ id: missed, queue: 'households', channel: 'phone' });
    await h.acd.setState({ agentId: '1', state: 'ready' });
    h.clock.advance(15_001);
    await h.acd.processTimers();
    h.clock.advance(10_000);
    await h.acd.enqueue({ id: ixId(), queue: 'households', channel: 'phone', priority: 5 });

    const f = await readQueueFigures(h.redis.redis, h.acd.keys, 'households', h.clock.nowMs());
    expect(f.waiting).toBe(2);
    expect(f.longestWaitMs).toBe(25_001); // the missed one, behind the priority-5 arrival
    expect(f.serviceLevel).toBeCloseTo((2 + 1) / (3 + 2), 10);
    expect(f.answeredWithinWaitShare).toBeCloseTo(2 / 3, 10);
    expect(f.asaMs).toBeCloseTo((20_000 + 100_000 + 130_000) / 3, 6);
    expect(f.ahtMs).toBeCloseTo((120_000 + 240_000 + 60_000) / 3, 6);
    expect(f.answeredWithinOfferShare).toBeCloseTo(3 / 4, 10);
    expect(f).toMatchObject({
      abandoned: 3,
      abandonedShort: 1,
      readyAgents: 0,
      staffedAgents: 0,
      estimatedWaitMs: null,
    });
    const agent = await readAgentFigures(h.redis.redis, h.acd.keys, '1', h.clock.nowMs());
    expect(agent).toMatchObject({
      state: 'not_ready',
      reason: 'missed_offer',
      handled: 3,
      missedOffers: 1,
      timeInStateMs: 10_000,
    });
    expect(agent?.ahtMs).toBeCloseTo(140_000, 6);
  });

  it('publishes queue figures and the logged-in operators as figures events', async () => {
    await h.acd.login({ agentId: '1', skills: [{ queue: 'households' }], state: 'ready' });
    await h.acd.login({ agentId: '2', skills: [{ queue: 'households' }] });
    await h.acd.setState({ agentId: '2', state: 'offline' });
    await h.newEvents();
    expect(await publishFigures(h.redis.redis, h.acd.keys, h.clock)).toBe(2);
    const [queue, agents] = await h.newEvents();
    expect(queue).toMatchObject({ type: 'figures', scope: 'queue', queue: 'households' });
    expect(JSON.parse(String(queue!.figures))).toMatchObject({
      waiting: 0,
      readyAgents: 1,
      staffedAgents: 1,
    });
    expect(JSON.parse(String(agents!.figures))).toEqual([
      expect.objectContaining({ agentId: '1', state: 'ready' }),
    ]);
  });

  it('estimated wait: zero with a free operator, queue position over staffed operators otherwise', () => {
    expect(estimatedWaitMs({ waiting: 0, readyAgents: 1, staffedAgents: 3, averageHandleMs: 200_000 })).toBe(
      0,
    );
    expect(estimatedWaitMs({ waiting: 5, readyAgents: 0, staffedAgents: 3, averageHandleMs: 180_000 })).toBe(
      360_000,
    );
    expect(
      estimatedWaitMs({ waiting: 5, readyAgents: 0, staffedAgents: 0, averageHandleMs: 180_000 }),
    ).toBeNull();
    expect(
      estimatedWaitMs({
        waiting: 0,
        readyAgents: 0,
        staffedAgents: 2,
        averageHandleMs: 0,
        fallbackHandleMs: 100_000,
      }),
    ).toBe(50_000);
  });
});
