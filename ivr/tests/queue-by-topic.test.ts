import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AriEvent } from '../ari-double/index.ts';
import { type IvrHarness, OPERATORS, startIvrHarness } from './harness.ts';

/**
 * The IVR picks the queue the way the chatbot does (`selectQueue`): the voice queue listing the
 * call's topic, else the voice catch-all, else `IVR_QUEUE`. The harness defines `general` (voice,
 * no topics); this file adds `voice_operator` listing the topic a caller pressing 0 gets.
 */
let h: IvrHarness;
const agentLegs: string[] = [];
beforeAll(async () => {
  h = await startIvrHarness({ settings: { queue: 'not_defined' } });
  h.double.onEvent((event: AriEvent) => {
    const e = event as { type: string; args?: string[]; channel?: { id: string } };
    if (e.type === 'StasisStart' && e.args?.[0] === 'agent') agentLegs.push(e.channel!.id);
  });
});
afterAll(async () => h?.close());

const [op1] = OPERATORS as [(typeof OPERATORS)[0]];

describe('queue chosen by topic (as the chatbot chooses)', () => {
  it('a call about the operator topic goes to the voice queue listing it, and its operator answers', async () => {
    await h.acd.defineQueue({ name: 'voice_operator', media: 'voice', topics: ['operator'] });
    h.double.defineEndpoint(op1.endpoint, { answerAfterMs: 1_000 });
    await h.acd.login({
      agentId: String(op1.id),
      skills: [{ queue: 'voice_operator', level: 5 }],
      state: 'ready',
    });
    const caller = h.call();
    await caller.answer('0');
    await caller.until(() => caller.steps.some((s) => s.kind === 'operator_connected'), 'operator');
    expect(caller.steps.find((s) => s.kind === 'queue_estimate')?.data.queue).toBe('voice_operator');
    await caller.until(() => agentLegs.length === 1, 'operator leg');
    h.double.farEndHangup(agentLegs[0]!, 16);
    await caller.answer('4');
    const end = await caller.ended;
    expect((await h.acd.interaction(end.interactionId))?.q).toBe('voice_operator');
  });

  it('a topic no voice queue lists goes to the voice catch-all, not to IVR_QUEUE', async () => {
    await h.acd.setState({ agentId: String(op1.id), state: 'offline' }).catch(() => undefined);
    await h.acd.defineQueue({ name: 'voice_operator', media: 'voice', topics: ['complaint'] });
    const caller = h.call();
    await caller.answer('0');
    await caller.until(() => caller.steps.some((s) => s.kind === 'queue_estimate'), 'queue estimate');
    expect(caller.steps.find((s) => s.kind === 'queue_estimate')?.data.queue).toBe('general');
    caller.inbound.hangup();
    await caller.ended;
  });
});
