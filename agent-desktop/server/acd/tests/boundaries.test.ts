import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, ixId } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.acd.defineQueue({ name: 'households', media: 'voice', topics: ['balance'] });
});
afterEach(async () => h.cleanup());

async function readyAgent(id: string, queue = 'households', level = 5) {
  await h.acd.login({ agentId: id, skills: [{ queue, level }], state: 'ready' });
}

describe('R-ACD-1: an offer is answered within 15 s or withdrawn', () => {
  it('accepts at 14.9 s', async () => {
    await readyAgent('1');
    const id = ixId();
    expect(await h.acd.enqueue({ id, queue: 'households', channel: 'phone' })).toEqual({
      status: 'offered',
      agentId: '1',
    });
    h.clock.advance(14_900);
    expect(await h.acd.processTimers()).toBe(0);
    expect(await h.acd.accept(id, '1')).toBe('accepted');
    expect((await h.acd.agent('1'))?.ds).toBe('busy');
  });

  it('a sweep at exactly 15.0 s leaves the offer standing; at 15.1 s it is withdrawn', async () => {
    await readyAgent('1');
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
    await h.newEvents();
    h.clock.advance(15_000);
    await h.acd.processTimers();
    expect((await h.acd.interaction(id))?.st).toBe('offered');
    h.clock.advance(100);
    expect(await h.acd.processTimers()).toBe(1);
    const ix = await h.acd.interaction(id);
    expect(ix?.st).toBe('queued');
    expect(await h.acd.waiting('households')).toEqual([id]);
    const agent = await h.acd.agent('1');
    expect(agent).toMatchObject({ ds: 'not_ready', rsn: 'missed_offer', missed: '1' });
    const events = await h.newEvents();
    expect(events.map((e) => e.type)).toEqual(['agent_state', 'offer_withdrawn', 'alert']);
    expect(events[2]).toMatchObject({ kind: 'missed_offer', agent: '1', ix: id });
    expect(await h.acd.accept(id, '1')).toBe('not_offered');
  });

  it('an accept arriving at 15.1 s is refused even before any sweep ran', async () => {
    await readyAgent('1');
    await readyAgent('2');
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
    const first = (await h.acd.interaction(id))!.ag!;
    h.clock.advance(15_100);
    expect(await h.acd.accept(id, first)).toBe('expired');
    // Withdrawn and offered at once to the other ready operator.
    const other = first === '1' ? '2' : '1';
    expect(await h.acd.interaction(id)).toMatchObject({ st: 'offered', ag: other });
  });

  it('a withdrawn interaction keeps its original place ahead of later arrivals', async () => {
    await readyAgent('1');
    const first = ixId();
    await h.acd.enqueue({ id: first, queue: 'households', channel: 'phone' });
    h.clock.advance(5_000);
    const later = ixId();
    await h.acd.enqueue({ id: later, queue: 'households', channel: 'phone' });
    h.clock.advance(10_100);
    await h.acd.processTimers();
    expect(await h.acd.waiting('households')).toEqual([first, later]);
  });
});

describe('R-ACD-2: the 100 s wait is watched', () => {
  it('pre-alert at 80 s; no alert at 99.9 s; alert at 100.1 s', async () => {
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
    await h.newEvents();
    h.clock.advance(79_900);
    await h.acd.processTimers();
    expect(await h.newEvents()).toEqual([]);
    h.clock.advance(100);
    await h.acd.processTimers();
    expect((await h.newEvents()).map((e) => e.kind)).toEqual(['wait_prealert']);
    h.clock.advance(19_900); // 99.9 s
    await h.acd.processTimers();
    expect(await h.newEvents()).toEqual([]);
    h.clock.advance(200); // 100.1 s
    await h.acd.processTimers();
    const alerts = await h.newEvents();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: 'alert', kind: 'wait_alert', ix: id, waited_ms: '100100' });
  });

  it('an interaction answered at 99.9 s raises no alert', async () => {
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
    h.clock.advance(99_900);
    await readyAgent('1');
    expect(await h.acd.accept(id, '1')).toBe('accepted');
    h.clock.advance(1_000);
    await h.newEvents();
    await h.acd.processTimers();
    expect((await h.newEvents()).filter((e) => e.type === 'alert')).toEqual([]);
  });
});

describe('R-ACD-3: wrap-up ends by the operator or automatically at 5 min', () => {
  it('auto-ends at exactly 5 min, not a millisecond before, and offers the next interaction', async () => {
    await readyAgent('1');
    const first = ixId();
    await h.acd.enqueue({ id: first, queue: 'households', channel: 'phone' });
    await h.acd.accept(first, '1');
    h.clock.advance(60_000);
    const finished = await h.acd.finish(first, '1');
    expect(finished).toEqual({ status: 'wrap_up', autoEndAt: h.clock.nowMs() + 300_000 });
    const next = ixId();
    expect(await h.acd.enqueue({ id: next, queue: 'households', channel: 'phone' })).toEqual({
      status: 'queued',
      position: 1,
    });
    h.clock.advance(299_999);
    await h.acd.processTimers();
    expect((await h.acd.agent('1'))?.ds).toBe('wrap_up');
    h.clock.advance(1);
    await h.acd.processTimers();
    expect((await h.acd.interaction(first))?.st).toBe('closed');
    expect(await h.acd.interaction(next)).toMatchObject({ st: 'offered', ag: '1' });
    expect(await h.acd.agent('1')).toMatchObject({ handled: '1', handleMs: String(360_000) });
  });

  it('the operator may end wrap-up earlier', async () => {
    await readyAgent('1');
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
    await h.acd.accept(id, '1');
    await h.acd.finish(id, '1');
    h.clock.advance(30_000);
    expect(await h.acd.endWrapUp(id, '1')).toEqual({ status: 'closed', nextCall: undefined });
    expect((await h.acd.agent('1'))?.ds).toBe('ready');
  });
});

describe('priorities, callbacks and overflow', () => {
  it('serves higher priority first, then the original enqueue time', async () => {
    const a = ixId();
    const b = ixId();
    const c = ixId();
    await h.acd.enqueue({ id: a, queue: 'households', channel: 'phone', priority: 0 });
    h.clock.advance(1_000);
    await h.acd.enqueue({ id: b, queue: 'households', channel: 'phone', priority: 5 });
    h.clock.advance(1_000);
    await h.acd.enqueue({ id: c, queue: 'households', channel: 'phone', priority: 0 });
    expect(await h.acd.waiting('households')).toEqual([b, a, c]);
    await readyAgent('1');
    expect((await h.acd.interaction(b))?.ag).toBe('1');
  });

  it('a re-queued interaction passing its original time goes back to its place', async () => {
    const a = ixId();
    const t0 = h.clock.nowMs();
    h.clock.advance(10_000);
    const b = ixId();
    await h.acd.enqueue({ id: b, queue: 'households', channel: 'phone' });
    await h.acd.enqueue({ id: a, queue: 'households', channel: 'phone', enqueuedAt: t0 });
    expect(await h.acd.waiting('households')).toEqual([a, b]);
  });

  it('a callback keeps its place, stops the wait alert and is offered as a callback', async () => {
    const ids = [ixId(), ixId(), ixId()];
    for (const id of ids) {
      await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
      h.clock.advance(1_000);
    }
    expect(await h.acd.requestCallback(ids[1]!)).toEqual({ status: 'callback', position: 2 });
    expect(await h.acd.waiting('households')).toEqual(ids);
    h.clock.advance(100_000);
    await h.newEvents();
    await h.acd.processTimers();
    const alerted = (await h.newEvents()).filter((e) => e.kind === 'wait_alert').map((e) => e.ix);
    expect(alerted.sort()).toEqual([ids[0], ids[2]].sort());
    await readyAgent('1');
    await h.acd.accept(ids[0]!, '1');
    await h.acd.finish(ids[0]!, '1');
    expect(await h.acd.endWrapUp(ids[0]!, '1')).toEqual({ status: 'closed', nextCall: ids[1] });
    const offered = (await h.newEvents()).filter((e) => e.type === 'offered');
    expect(offered.at(-1)).toMatchObject({ ix: ids[1], callback: '1' });
  });

  it('overflows to the next queue after the configured wait, keeping its place there', async () => {
    await h.acd.defineQueue({ name: 'reserve', media: 'voice' });
    await h.acd.defineQueue({ name: 'debt', media: 'voice', overflowTo: 'reserve', overflowAfterMs: 30_000 });
    const early = ixId();
    await h.acd.enqueue({ id: early, queue: 'reserve', channel: 'phone' });
    h.clock.advance(1_000);
    const id = ixId();
    // Re-queued from the IVR: it first joined a queue 5 s ago, before `early`.
    await h.acd.enqueue({ id, queue: 'debt', channel: 'phone', enqueuedAt: h.clock.nowMs() - 5_000 });
    h.clock.advance(29_999);
    await h.acd.processTimers();
    expect((await h.acd.interaction(id))?.q).toBe('debt');
    h.clock.advance(1);
    await h.acd.processTimers();
    expect((await h.acd.interaction(id))?.q).toBe('reserve');
    // Its original time (t0 - 5 s) is earlier than `early`'s: it is first in the new queue.
    expect(await h.acd.waiting('reserve')).toEqual([id, early]);
    await readyAgent('7', 'reserve');
    expect((await h.acd.interaction(id))?.ag).toBe('7');
  });
});

describe('R-ACD-6: no work on break, in wrap-up or offline; breaks keep someone on line', () => {
  it('offers nothing to an operator not ready, in wrap-up or offline', async () => {
    await h.acd.login({ agentId: '1', skills: [{ queue: 'households' }] });
    const id = ixId();
    expect((await h.acd.enqueue({ id, queue: 'households', channel: 'phone' })).status).toBe('queued');
    await h.acd.setState({ agentId: '1', state: 'offline' });
    expect((await h.acd.interaction(id))?.st).toBe('queued');
    await h.acd.setState({ agentId: '1', state: 'ready' });
    expect((await h.acd.interaction(id))?.ag).toBe('1');
  });

  it('refuses a break that would leave a queue with no ready operator in ЕКЦ hours', async () => {
    await readyAgent('1');
    await readyAgent('2');
    expect(await h.acd.setState({ agentId: '1', state: 'not_ready', reason: 'break' })).toEqual({
      status: 'ok',
      state: 'not_ready',
    });
    expect(await h.acd.setState({ agentId: '2', state: 'not_ready', reason: 'lunch' })).toEqual({
      status: 'refused',
      queue: 'households',
    });
    expect((await h.acd.agent('2'))?.ds).toBe('ready');
    // After hours (21:00 local) the rule does not apply.
    h.clock.set('2026-11-25T14:00:00Z');
    expect((await h.acd.setState({ agentId: '2', state: 'not_ready', reason: 'lunch' })).status).toBe('ok');
  });

  it('the break rule can be switched off', async () => {
    const off = await createHarness({ breakRule: { enabled: false, minReadyPerQueue: 1 } });
    try {
      await off.acd.defineQueue({ name: 'households', media: 'voice' });
      await off.acd.login({ agentId: '1', skills: [{ queue: 'households' }], state: 'ready' });
      expect((await off.acd.setState({ agentId: '1', state: 'not_ready', reason: 'break' })).status).toBe(
        'ok',
      );
    } finally {
      await off.cleanup();
    }
  });

  it('an operator with a call cannot go offline; a pending offer goes back without a miss', async () => {
    await readyAgent('1');
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone' });
    expect((await h.acd.setState({ agentId: '1', state: 'offline' })).status).toBe('ok');
    expect(await h.acd.interaction(id)).toMatchObject({ st: 'queued', ag: '' });
    expect((await h.acd.agent('1'))?.missed).toBe('0');
    await h.acd.setState({ agentId: '1', state: 'ready' });
    await h.acd.accept(id, '1');
    expect(await h.acd.setState({ agentId: '1', state: 'offline' })).toEqual({
      status: 'busy',
      state: 'busy',
    });
  });
});

describe('strategy and capacity', () => {
  it('longest idle first; skill_level prefers the higher level', async () => {
    await readyAgent('1');
    h.clock.advance(1_000);
    await readyAgent('2');
    const a = ixId();
    await h.acd.enqueue({ id: a, queue: 'households', channel: 'phone' });
    expect((await h.acd.interaction(a))?.ag).toBe('1');

    await h.acd.defineQueue({ name: 'experts', media: 'voice', strategy: 'skill_level' });
    await readyAgent('3', 'experts', 3);
    h.clock.advance(1_000);
    await readyAgent('4', 'experts', 8);
    const b = ixId();
    await h.acd.enqueue({ id: b, queue: 'experts', channel: 'phone' });
    expect((await h.acd.interaction(b))?.ag).toBe('4');
  });

  it('chat capacity is separate from voice', async () => {
    await h.acd.defineQueue({ name: 'chat', media: 'chat' });
    await h.acd.login({
      agentId: '1',
      skills: [{ queue: 'chat' }, { queue: 'households' }],
      chatCapacity: 2,
      state: 'ready',
    });
    const chats = [ixId(), ixId(), ixId()];
    const results = [];
    for (const id of chats)
      results.push((await h.acd.enqueue({ id, queue: 'chat', channel: 'telegram' })).status);
    expect(results).toEqual(['offered', 'offered', 'queued']);
    const call = ixId();
    expect(await h.acd.enqueue({ id: call, queue: 'households', channel: 'phone' })).toEqual({
      status: 'offered',
      agentId: '1',
    });
  });
});

describe('bad input is refused and changes nothing', () => {
  it('names the problem', async () => {
    await expect(h.acd.enqueue({ id: 'nope', queue: 'households', channel: 'phone' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(h.acd.enqueue({ id: ixId(), queue: 'missing', channel: 'phone' })).rejects.toMatchObject({
      code: 'UNKNOWN_QUEUE',
    });
    await expect(h.acd.enqueue({ id: ixId(), queue: 'households', channel: 'email' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(h.acd.enqueue({ id: ixId(), queue: 'households', channel: 'telegram' })).rejects.toThrow(
      /channel telegram does not fit the voice queue households/,
    );
    await expect(h.acd.setState({ agentId: '99', state: 'ready' })).rejects.toMatchObject({
      code: 'UNKNOWN_AGENT',
    });
    await expect(h.acd.setState({ agentId: '1', state: 'not_ready' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(h.acd.defineQueue({ name: 'x', media: 'voice', overflowTo: 'households' })).rejects.toThrow(
      /overflowTo and overflowAfterMs go together/,
    );
    expect(await h.acd.waiting('households')).toEqual([]);
  });
});
