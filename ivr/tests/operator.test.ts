import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AriEvent } from '../ari-double/index.ts';
import { IN_HOURS, type IvrHarness, OPERATORS, startIvrHarness } from './harness.ts';

let h: IvrHarness;
let agentLegs: string[] = [];
let bridgedLegs: string[] = [];
beforeAll(async () => {
  h = await startIvrHarness();
  h.double.onEvent((event: AriEvent) => {
    const e = event as { type: string; args?: string[]; channel?: { id: string } };
    if (e.type === 'StasisStart' && e.args?.[0] === 'agent') agentLegs.push(e.channel!.id);
    if (e.type === 'ChannelEnteredBridge' && agentLegs.includes(e.channel!.id))
      bridgedLegs.push(e.channel!.id);
  });
});
afterAll(async () => h?.close());
afterEach(async () => {
  agentLegs = [];
  bridgedLegs = [];
  h.clock.set(IN_HOURS);
  for (const op of OPERATORS) {
    const agentId = String(op.id);
    const agent = await h.acd.agent(agentId);
    if (!agent) continue;
    if (agent.vix) {
      await h.acd.finish(agent.vix, agentId);
      await h.acd.endWrapUp(agent.vix, agentId);
    }
    const result = await h.acd.setState({ agentId, state: 'offline' });
    expect(result, JSON.stringify(await h.acd.agent(agentId))).toMatchObject({ status: 'ok' });
  }
});

const [op1, op2] = OPERATORS as [(typeof OPERATORS)[0], (typeof OPERATORS)[0]];

async function login(op: (typeof OPERATORS)[0], state: 'ready' | 'not_ready') {
  await h.acd.login({ agentId: String(op.id), skills: [{ queue: 'general', level: 5 }], state });
}

describe('operator transfer (R-IVR-4, R-ACD-1)', () => {
  it('bridges caller and operator, then asks for a rating that is stored (R-IVR-7)', async () => {
    h.double.defineEndpoint(op1.endpoint, { answerAfterMs: 2_000 });
    await login(op1, 'ready');
    const caller = h.call();
    await caller.answer('0');
    await caller.until(() => caller.steps.some((s) => s.kind === 'operator_connected'), 'operator');
    expect(caller.heard('callbackOffer')).toBe(false); // an operator is free: the wait is 0 s
    await caller.until(() => bridgedLegs.length === 1, 'operator in the bridge');
    h.double.farEndHangup(agentLegs[0]!, 16);
    await caller.answer('4');
    const end = await caller.ended;
    expect(caller.said.map((s) => s.label).slice(-4)).toEqual(['csatAsk', 'csatThanks', 'thanks', 'goodbye']);
    const row = await h.db.pool.query('select csat, topics from interactions where id = $1', [
      end.interactionId,
    ]);
    expect(row.rows[0]).toMatchObject({ csat: 4, topics: ['operator'] });
    const ix = await h.acd.interaction(end.interactionId);
    expect(ix?.st).toBe('wrap_up');
  });

  it('an enqueue run twice (ioredis resends it after a Redis restart) is the same wait, not a failed call', async () => {
    h.double.defineEndpoint(op1.endpoint, { answerAfterMs: 2_000 });
    const caller = h.call();
    await caller.nextListen();
    const interactionId = h.ivr.calls.get(caller.inbound.channelId)!.dialog.session.interactionId;
    // The first run of the IVR's enqueue took effect; its answer was lost with the connection.
    await h.acd.enqueue({
      id: interactionId,
      queue: 'general',
      channel: 'phone',
      priority: 0,
      topics: [],
      service: 'ivr',
    });
    await caller.inbound.sendDtmf('0', { durationMs: 80 });
    await login(op1, 'ready');
    await caller.until(() => caller.steps.some((s) => s.kind === 'operator_connected'), 'operator');
    // The resent enqueue found the first run's entry; the call went on waiting in it.
    expect(caller.steps.some((s) => s.kind === 'verb.enqueue' && s.data.outcome === 'exists')).toBe(true);
    await caller.until(() => bridgedLegs.length === 1, 'operator in the bridge');
    caller.inbound.hangup();
    const end = await caller.ended;
    expect(end.outcome).toBe('transferred');
  });

  it('an operator who does not answer in 15 s: the call goes back to its place and reaches the next one', async () => {
    h.double.defineEndpoint(op1.endpoint, { answerAfterMs: null });
    h.double.defineEndpoint(op2.endpoint, { answerAfterMs: 1_000 });
    await login(op1, 'ready');
    await login(op2, 'not_ready');
    const caller = h.call();
    await caller.answer('0');
    await caller.until(() => caller.steps.some((s) => s.kind === 'offer_missed'), 'missed offer');
    const dial = caller.steps.find((s) => s.kind === 'verb.dial')!;
    expect(dial.data.outcome).toBe('no_answer:19');
    expect(Number(dial.data.ms)).toBeGreaterThanOrEqual(15_000);
    expect(Number(dial.data.ms)).toBeLessThan(16_500);
    const missedBy = await h.acd.agent(String(op1.id));
    expect(missedBy).toMatchObject({ p: 'not_ready', rsn: 'missed_offer', missed: '1' });
    await h.acd.setState({ agentId: String(op2.id), state: 'ready' });
    await caller.until(() => caller.steps.some((s) => s.kind === 'operator_connected'), 'second operator');
    expect(caller.steps.find((s) => s.kind === 'operator_connected')!.data.agentId).toBe(String(op2.id));
    caller.inbound.hangup();
    await caller.ended;
  });

  it('offers a callback when the estimated wait exceeds 100 s and keeps the place in the queue', async () => {
    // The only operator is talking to someone else: the estimate is one handle time (180 s).
    await login(op1, 'ready');
    const other = randomUUID();
    await h.acd.enqueue({ id: other, queue: 'general', channel: 'phone' });
    expect(await h.acd.accept(other, String(op1.id))).toBe('accepted');
    const caller = h.call();
    await caller.answers('0', '1');
    const end = await caller.ended;
    expect(caller.said.map((s) => s.label)).toContain('callbackOffer');
    expect(caller.said.map((s) => s.label).slice(-2)).toEqual(['callbackAccepted', 'goodbye']);
    expect(end.outcome).toBe('callback_requested');
    const estimate = caller.steps.find((s) => s.kind === 'queue_estimate')!;
    expect(estimate.data.estimatedWaitMs).toBe(180_000);
    const ix = await h.acd.interaction(end.interactionId);
    expect(ix).toMatchObject({ st: 'queued' });
    expect(await h.acd.waiting('general')).toContain(end.interactionId);
    await h.acd.cancel(end.interactionId); // the next test starts with an empty queue
  });

  it('while on hold the caller hears the estimated wait every 30 s', async () => {
    await login(op1, 'ready');
    const other = randomUUID();
    await h.acd.enqueue({ id: other, queue: 'general', channel: 'phone' });
    expect(await h.acd.accept(other, String(op1.id))).toBe('accepted');
    const caller = h.call();
    await caller.answers('0', '2'); // stays on the line
    await caller.until(
      () => caller.said.filter((s) => s.label === 'wait_estimate').length >= 2,
      'two messages',
    );
    const message = caller.said.find((s) => s.label === 'wait_estimate')!.text;
    expect(message).toBe(
      'Все операторы заняты. Ориентировочное время ожидания — три минуты. Пожалуйста, оставайтесь на линии.',
    );
    caller.inbound.hangup();
    const end = await caller.ended;
    expect(await h.acd.waiting('general')).not.toContain(end.interactionId);
  });

  it('a caller who hangs up while waiting is taken out of the queue', async () => {
    await login(op1, 'not_ready');
    const caller = h.call();
    await caller.answers('0', '2');
    await caller.until(() => caller.steps.some((s) => s.kind === 'callback_offer'), 'stay on the line');
    caller.inbound.hangup();
    const end = await caller.ended;
    expect(await h.acd.waiting('general')).not.toContain(end.interactionId);
  });
});

describe('after hours (R-IVR-4), ЕКЦ closes at 20:00 on Friday', () => {
  it('at 19:59 the call is transferred', async () => {
    h.clock.set('2026-11-27T12:59:00Z'); // 19:59 in Krasnoyarsk
    const caller = h.call();
    await caller.answer('0');
    await caller.until(() => caller.heard('transferring'), 'transfer');
    expect(caller.heard('schedule')).toBe(false);
    caller.inbound.hangup();
    await caller.ended;
  });

  it('at 20:00 the caller hears the schedule and may leave a callback appeal', async () => {
    h.clock.set('2026-11-27T13:00:00Z'); // 20:00 in Krasnoyarsk
    const caller = h.call('+79131234567');
    await caller.answers('0', '1');
    const end = await caller.ended;
    expect(caller.heard('transferring')).toBe(false);
    const schedule = caller.said.find((s) => s.label === 'schedule')!.text;
    expect(schedule).toContain('завтра');
    expect(schedule).toContain('с 9 часов до 18 часов');
    expect(end.outcome).toBe('appeal_registered');
    expect(caller.said.map((s) => s.label).slice(-3)).toEqual(['appeal_registered', 'thanks', 'goodbye']);
    const appeal = await h.db.pool.query(
      `select a.channel, a.reply_address, i.outcome from appeals a join interactions i on i.appeal_id = a.id
       where i.id = $1`,
      [end.interactionId],
    );
    expect(appeal.rows[0]).toMatchObject({
      channel: 'phone',
      reply_address: '+79131234567',
      outcome: 'appeal_registered',
    });
  });
});
