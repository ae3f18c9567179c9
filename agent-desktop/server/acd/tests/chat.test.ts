import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, ixId } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness(); // Wednesday 10:00 Krasnoyarsk, ЕКЦ open
  await h.acd.defineQueue({ name: 'chat', media: 'chat' });
});
afterEach(async () => h.cleanup());

const MIN = 60_000;

async function overdue(kind: string) {
  await h.acd.processTimers();
  return (await h.newEvents()).filter((e) => e.kind === kind).map((e) => e.ix);
}

describe('R-ACD-5: chat first answer within 15 min in ЕКЦ hours', () => {
  it('no alert at 14:59, alert at 15:01 when nobody answered', async () => {
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'chat', channel: 'telegram' });
    h.clock.advance(14 * MIN + 59_000);
    expect(await overdue('chat_first_answer_overdue')).toEqual([]);
    h.clock.advance(2_000);
    expect(await overdue('chat_first_answer_overdue')).toEqual([id]);
  });

  it('a first answer at 14:59 stops the watch', async () => {
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'chat', channel: 'vk' });
    h.clock.advance(10 * MIN);
    await h.acd.login({ agentId: '5', skills: [{ queue: 'chat' }], state: 'ready' });
    expect(await h.acd.accept(id, '5')).toBe('accepted');
    h.clock.advance(4 * MIN + 59_000);
    expect(await h.acd.firstAnswer(id, '5')).toBe('first_answer');
    expect(await h.acd.firstAnswer(id, '5')).toBe('already');
    h.clock.advance(2_000);
    expect(await overdue('chat_first_answer_overdue')).toEqual([]);
  });

  it('a chat arriving after hours is watched from the opening (08:00 + 15 min next morning)', async () => {
    h.clock.set('2026-11-25T14:00:00Z'); // 21:00 local, closed
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'chat', channel: 'web_chat' });
    h.clock.set('2026-11-26T01:14:59Z'); // Thursday 08:14:59 local
    expect(await overdue('chat_first_answer_overdue')).toEqual([]);
    h.clock.set('2026-11-26T01:15:01Z');
    expect(await overdue('chat_first_answer_overdue')).toEqual([id]);
  });

  it('a chat appeal not closed within 1 working day raises an alert', async () => {
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'chat', channel: 'telegram' });
    // Arrived Wednesday: the deadline is the end of Thursday, local time (R-APL-3 rule).
    h.clock.set('2026-11-26T16:59:58Z'); // Thursday 23:59:58 local
    expect(await overdue('chat_appeal_overdue')).toEqual([]);
    h.clock.set('2026-11-26T17:00:01Z');
    expect(await overdue('chat_appeal_overdue')).toEqual([id]);
  });
});
