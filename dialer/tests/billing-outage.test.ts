import { status } from '@grpc/grpc-js';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromServiceError } from '../../core/billing/grpc/status.ts';
import { BillingError, createBillingClient, PgBilling } from '../../core/billing/index.ts';
import { channelQueueName, contactJobId } from '../bullmq/queues.ts';
import { isDispatchDependencyDown } from '../bullmq/workers.ts';
import {
  addDebtor,
  contactRows,
  createHarness,
  eventually,
  type Harness,
  runningCampaign,
} from './harness.ts';
import { RecordingSms } from './recording-sms.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk: inside the SMS window.
const START = '2026-12-01T05:00:00Z';

describe('billing unreachable over gRPC', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: START });
    await addDebtor(h.db.pool, { id: 71, phone: '+79130000071', debtKopecks: 150_000 });
  });
  afterAll(async () => h?.close());

  it('is a postponement, not a try: the contact job runs again and again without spending a try, and sends once billing is back', async () => {
    const sms = new RecordingSms();
    h.deps.senders.sms = sms;
    // Nothing listens on port 1: the real client answers UNAVAILABLE at once.
    const unreachable = createBillingClient({ address: '127.0.0.1:1', deadlineMs: 500 });
    h.deps.billing = unreachable;
    const jobs = new Queue(channelQueueName('sms'), {
      connection: { url: h.redis.url },
      prefix: h.redis.prefix,
    });
    try {
      h.startWorkers(['sms']);
      const { campaign } = await runningCampaign(h, {
        name: 'Долг',
        purpose: 'debt_reminder',
        channels: ['sms'],
        audience: { kind: 'filter', minOverdueRubles: 1 },
        templates: { sms: 'Долг по л/с {{account}}: {{amount}} руб.' },
      });
      const [contact] = await contactRows(h.db.pool, campaign.id);
      const job = await eventually(async () => {
        const found = await jobs.getJob(contactJobId(contact.id, 0));
        return found && found.attemptsStarted >= 3 && found;
      }, 20_000);
      // Three runs, none counted: as ordinary failures they would have spent 3 of the 5 tries.
      expect(job.attemptsMade).toBe(0);
      expect(await job.getState()).toBe('delayed');
      expect(sms.texts).toEqual([]);
      expect((await contactRows(h.db.pool, campaign.id))[0]).toMatchObject({
        state: 'pending',
        attempts_total: 0,
      });

      h.deps.billing = new PgBilling(h.db.pool, h.clock);
      await eventually(
        async () => (await contactRows(h.db.pool, campaign.id))[0].state === 'positive',
        20_000,
      );
      expect(sms.texts).toEqual(['Долг по л/с 1900000071: 1 500,00 руб.']);
    } finally {
      unreachable.close();
      await jobs.close();
    }
  });

  it('what counts as unreachable: UNAVAILABLE and DEADLINE_EXCEEDED; a refusal of the billing is an ordinary failure', () => {
    const over = (code: status) =>
      fromServiceError(Object.assign(new Error('x'), { code, details: 'x' }) as never);
    expect(isDispatchDependencyDown(over(status.UNAVAILABLE))).toBe(true);
    expect(isDispatchDependencyDown(over(status.DEADLINE_EXCEEDED))).toBe(true);
    expect(isDispatchDependencyDown(over(status.NOT_FOUND))).toBe(false);
    expect(isDispatchDependencyDown(over(status.INTERNAL))).toBe(false);
    expect(isDispatchDependencyDown(new BillingError('invalid_argument', 'x'))).toBe(false);
    expect(isDispatchDependencyDown(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
  });
});
