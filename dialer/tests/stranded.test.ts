import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelQueueName, contactJobId } from '../bullmq/queues.ts';
import { NoticeChannel } from '../channels/notices.ts';
import type { ContactJob } from '../services/deps.ts';
import { processContact } from '../services/dispatch.ts';
import { STRANDED_AFTER_MS, StrandedContactSweep } from '../services/stranded.ts';
import { runTick } from '../services/tick.ts';
import {
  addDebtor,
  contactRows,
  createHarness,
  eventually,
  type Harness,
  runningCampaign,
} from './harness.ts';
import { RecordingSms } from './recording-sms.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk: inside every channel's window.
const START = '2026-12-01T05:00:00Z';

const notices = async (h: Harness, clientId: number) =>
  Number(
    (await h.db.pool.query('select count(*) from client_notices where client_id = $1', [clientId])).rows[0]
      .count,
  );

describe('pending contacts left without a job', () => {
  let h: Harness;
  const lost: ContactJob[] = [];
  let loseNext = false;
  beforeAll(async () => {
    h = await createHarness({ start: START });
    await addDebtor(h.db.pool, { id: 81, debtKopecks: 1 });
    for (const id of [83, 84, 85, 86])
      await addDebtor(h.db.pool, { id, email: `c${id}@client.test`, debtKopecks: 1 });
    const queue = h.deps.enqueue;
    // The process "dies" right after the commit that scheduled the fallback: its job is never queued.
    h.deps.enqueue = async (jobs) => {
      if (!loseNext || !jobs.some((job) => job.channel === 'online_account')) return queue(jobs);
      loseNext = false;
      lost.push(...jobs);
    };
    h.deps.senders.sms = new RecordingSms();
    h.deps.senders.online_account = new NoticeChannel('online_account', h.db.pool, () => h.clock.now());
    h.startWorkers(['sms', 'online_account']);
  });
  afterAll(async () => h?.close());

  it('a fallback whose job was lost is queued again by the tick once long overdue, and sent exactly once', async () => {
    loseNext = true;
    const { campaign } = await runningCampaign(h, {
      name: 'Новый тариф',
      purpose: 'information',
      channels: ['sms', 'online_account'],
      audience: { kind: 'filter', accountNumbers: ['1900000081'] },
      templates: {
        sms: 'Новый тариф.',
        online_account: { title: 'Тариф', text: 'Новый тариф с 01.01.2027.' },
      },
    });
    // No phone: SMS is impossible, the fallback to the online account is scheduled — and lost.
    const [contact] = await eventually(async () => {
      const rows = await contactRows(h.db.pool, campaign.id);
      return lost.length === 1 && rows[0]?.channel_index === 1 && rows;
    });
    expect(contact).toMatchObject({ state: 'pending', attempts_total: 0 });
    const sweep = new StrandedContactSweep(h.deps, h.queues);
    // Not yet long overdue: a job on its way is not second-guessed.
    h.clock.advance(STRANDED_AFTER_MS - 60_000);
    expect(await sweep.run()).toEqual({ examined: 0, requeued: 0 });

    h.clock.advance(2 * 60_000);
    expect(await runTick(h.deps, h.campaigns, sweep)).toMatchObject({ strandedRequeued: 1 });
    await eventually(async () => (await contactRows(h.db.pool, campaign.id))[0].state === 'positive');
    expect(await notices(h, 81)).toBe(1);
    // The lost job turning up late is stale: the claim (state and sequence) lets one job send.
    expect(await processContact(h.deps, contact.id, lost[0]!.seq)).toEqual({ kind: 'done', what: 'stale' });
    expect(await notices(h, 81)).toBe(1);
    expect(await sweep.run()).toMatchObject({ requeued: 0 });
  });

  it('walks a bounded slice per round from a cursor, leaves live jobs and paused campaigns alone', async () => {
    const email = { subject: 'Тариф', text: 'Новый тариф с 01.01.2027.' };
    const { campaign } = await runningCampaign(h, {
      name: 'Почта',
      purpose: 'information',
      channels: ['email'],
      audience: { kind: 'filter', accountNumbers: ['1900000083', '1900000084', '1900000085'] },
      templates: { email },
    });
    const { campaign: paused } = await runningCampaign(h, {
      name: 'Почта на паузе',
      purpose: 'information',
      channels: ['email'],
      audience: { kind: 'filter', accountNumbers: ['1900000086'] },
      templates: { email },
    });
    await h.campaigns.pause(paused.id, 'user:1');
    const ids = (await contactRows(h.db.pool, campaign.id)).map((row) => row.id as number);
    const [live, first, second] = ids as [number, number, number];
    const pausedId = (await contactRows(h.db.pool, paused.id))[0].id as number;
    const hoursAgo = (hours: number) => new Date(h.clock.nowMs() - hours * 3600_000);
    // Retries due hours ago (no e-mail worker runs here: queued jobs stay waiting, visible).
    const overdue = [
      [live, 3],
      [first, 2],
      [second, 1],
      [pausedId, 4],
    ] as const;
    for (const [id, hours] of overdue)
      await h.db.pool.query('update campaign_contacts set job_seq = 5, next_attempt_at = $2 where id = $1', [
        id,
        hoursAgo(hours),
      ]);
    await h.queues.enqueue([
      { contactId: live, seq: 5, channel: 'email', at: new Date(h.clock.nowMs() + 3600_000) },
    ]);

    const sweep = new StrandedContactSweep(h.deps, h.queues, 2);
    expect(await sweep.run()).toEqual({ examined: 2, requeued: 1 });
    expect(await sweep.run()).toEqual({ examined: 1, requeued: 1 });
    // From the start again: both now have a waiting job, the delayed one is still there.
    expect(await sweep.run()).toEqual({ examined: 2, requeued: 0 });

    const seqs = await h.db.pool.query<{ id: number; job_seq: number }>(
      'select id, job_seq from campaign_contacts where id = any($1) order by id',
      [[live, first, second, pausedId]],
    );
    expect(new Map(seqs.rows.map((row) => [row.id, row.job_seq]))).toEqual(
      new Map([
        [live, 5],
        [first, 6],
        [second, 6],
        [pausedId, 5],
      ]),
    );
    const email$ = h.queues.queues.email;
    expect(await email$.getJobState(contactJobId(first, 6))).toBe('waiting');
    expect(await email$.getJobState(contactJobId(second, 6))).toBe('waiting');
    expect(await email$.getJobState(contactJobId(live, 5))).toBe('delayed');
    expect(await email$.getJobState(contactJobId(pausedId, 6))).toBe('unknown');
    expect(channelQueueName('email')).toBe(email$.name);
  });
});
