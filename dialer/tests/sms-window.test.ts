import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactJobId } from '../bullmq/queues.ts';
import { SmppSmsChannel } from '../channels/sms-smpp.ts';
import { SmscDouble } from '../doubles/index.ts';
import { handleIncomingSms, handleSmsReceipt } from '../services/sms-events.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';

// 2026-12-30 19:55 in Krasnoyarsk (UTC+7). 31.12 is a day off by decree, 1–8 January are
// holidays: the next allowed instant after 20:00 is Saturday 9 January 2027, 10:00 local.
const AT_1955 = '2026-12-30T12:55:00Z';
const NEXT_ALLOWED = '2027-01-09T03:00:00.000Z';

describe('an SMS campaign at 19:55 local', () => {
  let h: Harness;
  let smsc: SmscDouble;
  let sms: SmppSmsChannel;
  let campaignId: number;

  beforeAll(async () => {
    h = await createHarness({ start: AT_1955 });
    smsc = await SmscDouble.start({ systemId: 'hotline', password: 'secret' });
    sms = await SmppSmsChannel.connect(
      { url: smsc.url, systemId: 'hotline', password: 'secret', sourceAddr: 'ENERGOSBYT' },
      {
        onReceipt: (id, stat) => handleSmsReceipt(h.deps, id, stat),
        onIncoming: (from, text) => handleIncomingSms(h.deps, from, text),
      },
    );
    h.deps.senders.sms = sms;
    await addDebtor(h.db.pool, { id: 1, phone: '+79130000001', debtKopecks: 234150 });
    await addDebtor(h.db.pool, { id: 2, phone: '+79130000002', debtKopecks: 100000 });
    await addDebtor(h.db.pool, { id: 3, phone: '+79130000003', debtKopecks: 50000 });
    await addDebtor(h.db.pool, { id: 4, phone: '+79130000004', debtKopecks: 5000 }); // below the filter
  });

  afterAll(async () => {
    await sms?.close();
    await smsc?.stop();
    await h?.close();
  });

  it('sends until 20:00 (19:59:59.999 still inside), then waits for 10:00 of the next non-holiday', async () => {
    const campaign = await h.campaigns.create(
      {
        name: 'Долг декабрь',
        purpose: 'debt_reminder',
        channels: ['sms'],
        audience: { kind: 'filter', minOverdueRubles: 100, overdueDays: 10 },
        templates: {
          sms: 'Задолженность по л/с {{account}}: {{amount}} руб. Оплатите, пожалуйста. СТОП - отказ',
        },
        startsAt: AT_1955,
        endsAt: '2027-01-31T00:00:00Z',
      },
      'user:1',
    );
    campaignId = campaign.id;
    await h.campaigns.schedule(campaign.id, 'user:1');
    expect(await h.campaigns.start(campaign.id, 'user:1')).toEqual({ planned: 3 });

    // Time moves with the gateway: the first SMS at 19:55, the second at 19:59:59.999, then 20:00:00.
    smsc.on('change', () => {
      if (smsc.messages.length === 1) h.clock.set('2026-12-30T12:59:59.999Z');
      if (smsc.messages.length === 2) h.clock.set('2026-12-30T13:00:00.000Z');
    });
    h.startWorkers(['sms'], { limits: { sms: { concurrency: 1 } } });

    const third = await eventually(async () => {
      const rows = await contactRows(h.db.pool, campaign.id);
      return rows[2]?.next_attempt_at?.toISOString() === NEXT_ALLOWED ? rows[2] : undefined;
    });
    expect(third.attempts_total).toBe(0);
    expect(smsc.messages.map((m) => m.destination)).toEqual(['79130000001', '79130000002']);
    expect(smsc.messages[0]!.text).toBe(
      'Задолженность по л/с 1900000001: 2 341,50 руб. Оплатите, пожалуйста. СТОП - отказ',
    );
    // The job itself waits too: moved back to delayed right after the instant is stored.
    await eventually(async () => {
      const job = await h.queues.queues.sms.getJob(contactJobId(third.id, 0));
      return (await job?.getState()) === 'delayed';
    });

    // Receipts (DELIVRD) make the first two positive.
    await eventually(async () => {
      const rows = await contactRows(h.db.pool, campaign.id);
      return rows[0].state === 'positive' && rows[1].state === 'positive';
    });
  });

  it('a job promoted at 09:59:59 waits again; at 10:00 the SMS goes', async () => {
    const [, , third] = await contactRows(h.db.pool, campaignId);
    const jobId = contactJobId(third.id, 0);
    const startedBefore = (await h.queues.queues.sms.getJob(jobId))!.attemptsStarted;
    h.clock.set('2027-01-09T02:59:59.000Z');
    await h.queues.queues.sms.promoteJobs();
    await eventually(async () => {
      const job = await h.queues.queues.sms.getJob(jobId);
      return job!.attemptsStarted > startedBefore && (await job!.getState()) === 'delayed';
    });
    expect(smsc.messages).toHaveLength(2);

    h.clock.set('2027-01-09T03:00:00.000Z');
    await h.queues.queues.sms.promoteJobs();
    const message = await smsc.waitForMessageTo('79130000003');
    expect(message.text).toContain('500,00 руб.');
    await eventually(async () => (await contactRows(h.db.pool, campaignId))[2].state === 'positive');
    // The campaign's completion is checked right after the contact's result commits.
    await eventually(async () => (await h.campaigns.progress(campaignId)).state === 'finished');
  });
});
