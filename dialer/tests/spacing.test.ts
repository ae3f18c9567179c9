import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, SendOutcome, SendRequest } from '../channels/channel.ts';
import { processContact } from '../services/dispatch.ts';
import { addDebtor, contactRows, createHarness, type Harness } from './harness.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';
const WEEK_MS = 7 * 24 * 3600_000;

/** Every call is answered and the message played to the end. */
class ListeningPhone implements ChannelSender {
  readonly channel = 'phone' as const;
  readonly calls: number[] = [];
  async send(request: SendRequest): Promise<SendOutcome> {
    this.calls.push(request.clientId);
    return { kind: 'finished', outcome: 'positive', detail: 'played', costUnits: 40 };
  }
}

describe('spacing between campaigns (one client, one channel)', () => {
  let h: Harness;
  const phone = new ListeningPhone();
  beforeAll(async () => {
    h = await createHarness({ start: START });
    h.deps.senders.phone = phone;
    await addDebtor(h.db.pool, { id: 61, phone: '+79130000061', debtKopecks: 50000 });
  });
  afterAll(async () => h?.close());

  const campaign = async (name: string) => {
    const created = await h.campaigns.create(
      {
        name,
        purpose: 'information',
        channels: ['phone'],
        audience: { kind: 'filter', accountNumbers: ['1900000061'] },
        templates: { phone: 'Офис 31 декабря работает до 16:00.' },
        startsAt: h.clock.now(),
        endsAt: '2026-12-30T00:00:00Z',
      },
      'user:1',
    );
    await h.campaigns.schedule(created.id, 'user:1');
    await h.campaigns.start(created.id, 'user:1');
    const [contact] = await contactRows(h.db.pool, created.id);
    return contact!.id as number;
  };

  it('a positive call in one campaign keeps every other campaign off that phone for 7 days', async () => {
    const first = await campaign('Первая');
    expect(await processContact(h.deps, first, 0)).toEqual({ kind: 'done', what: 'positive' });
    expect(phone.calls).toEqual([61]);

    h.clock.advance(3 * 3600_000); // 15:00 the same day: a second campaign starts
    const second = await campaign('Вторая');
    const waiting = await processContact(h.deps, second, 0);
    expect(waiting).toEqual({ kind: 'delay', until: new Date(Date.parse(START) + WEEK_MS) });
    expect(phone.calls).toEqual([61]);

    h.clock.set(new Date(Date.parse(START) + WEEK_MS - 1));
    expect(await processContact(h.deps, second, 0)).toEqual({
      kind: 'delay',
      until: new Date(Date.parse(START) + WEEK_MS),
    });
    h.clock.set(new Date(Date.parse(START) + WEEK_MS));
    expect(await processContact(h.deps, second, 0)).toEqual({ kind: 'done', what: 'positive' });
    expect(phone.calls).toEqual([61, 61]);
  });
});
