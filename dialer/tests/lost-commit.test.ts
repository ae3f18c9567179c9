import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pool } from '../../core/db/index.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';
import { RecordingSms } from './recording-sms.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';

/**
 * PostgreSQL commits a statement and the connection dies before the answer arrives: the caller
 * sees "Connection terminated" for work that is done. The pool here does that once, for the
 * statement named by `pattern`.
 */
function losingOneAnswer(pool: Pool, pattern: RegExp): Pool {
  let lost = false;
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<Pool['query']>) => {
        const result = await (target.query as (...a: unknown[]) => Promise<unknown>)(...args);
        if (!lost && typeof args[0] === 'string' && pattern.test(args[0])) {
          lost = true;
          throw new Error('Connection terminated unexpectedly');
        }
        return result;
      };
    },
  });
}

describe('a claim committed while its answer was lost', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ start: START });
    await addDebtor(h.db.pool, { id: 71, phone: '+79130000071', debtKopecks: 1 });
  });
  afterEach(async () => h?.close());

  it('is taken back and made again: one SMS, one attempt, positive (not crashed_unknown)', async () => {
    const gateway = new RecordingSms();
    h.deps.senders.sms = gateway;
    const campaign = await h.campaigns.create(
      {
        name: 'Информирование',
        purpose: 'information',
        channels: ['sms'],
        audience: { kind: 'filter', areas: ['Абакан'] },
        templates: { sms: 'Офис 31.12 работает до 16:00.' },
        startsAt: START,
        endsAt: '2026-12-31T00:00:00Z',
      },
      'user:1',
    );
    await h.campaigns.schedule(campaign.id, 'user:1');
    await h.campaigns.start(campaign.id, 'user:1');
    h.deps.pool = losingOneAnswer(h.db.pool, /insert into campaign_attempts/);
    h.startWorkers(['sms']);

    const [contact] = await eventually(async () => {
      const rows = await contactRows(h.db.pool, campaign.id);
      return rows[0]?.state === 'positive' ? rows : undefined;
    }, 15_000);
    expect(gateway.sent).toEqual([contact.id]);
    expect(contact.attempts_total).toBe(1);
    const { rows: attempts } = await h.db.pool.query(
      'select attempt_no, result, detail from campaign_attempts where contact_id = $1',
      [contact.id],
    );
    expect(attempts).toEqual([{ attempt_no: 1, result: 'positive', detail: 'delivered' }]);
  });
});
