import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelSender, SendOutcome, SendRequest } from '../channels/channel.ts';
import { processContact } from '../services/dispatch.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';

/** A gateway that records every send; `hang` = the worker dies while the gateway has the message. */
class RecordingGateway implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly sent: number[] = [];
  constructor(private readonly hang: boolean) {}
  send(request: SendRequest): Promise<SendOutcome> {
    this.sent.push(request.contactId);
    if (this.hang) return new Promise(() => {});
    return Promise.resolve({ kind: 'finished', outcome: 'positive', detail: 'delivered' });
  }
}

const definition = {
  name: 'Информирование',
  purpose: 'information' as const,
  channels: ['sms' as const],
  audience: { kind: 'filter' as const, areas: ['Абакан'] },
  templates: { sms: 'Офис 31.12 работает до 16:00.' },
  startsAt: START,
  endsAt: '2026-12-31T00:00:00Z',
};

describe('crash and restart, pause and resume', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ start: START });
    await addDebtor(h.db.pool, { id: 31, phone: '+79130000031', debtKopecks: 1 });
    await addDebtor(h.db.pool, { id: 32, phone: '+79130000032', debtKopecks: 1 });
  });
  afterEach(async () => h?.close());

  it('a worker dying mid-send is never followed by a second send of that attempt', async () => {
    const dying = new RecordingGateway(true);
    h.deps.senders.sms = dying;
    const campaign = await h.campaigns.create(definition, 'user:1');
    await h.campaigns.schedule(campaign.id, 'user:1');
    await h.campaigns.start(campaign.id, 'user:1');
    const [first] = h.startWorkers(['sms'], { lockDurationMs: 1000, stalledIntervalMs: 300 });
    await eventually(async () => dying.sent.length === 2);
    await first!.close(true); // the process is gone: locks expire, the jobs stall

    const healthy = new RecordingGateway(false);
    h.deps.senders.sms = healthy;
    h.startWorkers(['sms'], { lockDurationMs: 1000, stalledIntervalMs: 300 });
    const attempts = await eventually(async () => {
      const { rows } = await h.db.pool.query('select detail from campaign_attempts order by id');
      return rows.length === 2 && rows.every((r) => r.detail === 'crashed_unknown') ? rows : undefined;
    }, 15_000);
    expect(attempts).toHaveLength(2);
    expect(healthy.sent).toEqual([]);
    // An unknown result counts as negative: the SMS policy tries again the next day.
    const rows = await contactRows(h.db.pool, campaign.id);
    expect(rows.map((r) => [r.state, r.next_attempt_at.getTime() - h.clock.nowMs()])).toEqual([
      ['pending', 24 * 3600_000],
      ['pending', 24 * 3600_000],
    ]);
  });

  it('pause stops sending at once: planned chunks and queued contact jobs do nothing; resume sends', async () => {
    const gateway = new RecordingGateway(false);
    h.deps.senders.sms = gateway;
    const campaign = await h.campaigns.create({ ...definition, startsAt: '2026-12-01T06:00:00Z' }, 'user:1');
    await h.campaigns.schedule(campaign.id, 'user:1');
    await h.campaigns.start(campaign.id, 'user:1');
    h.startWorkers(['sms']);
    await h.campaigns.pause(campaign.id, 'user:1');
    h.clock.set('2026-12-01T06:00:00Z');
    await h.queues.plan.queue.promoteJobs();
    await eventually(async () => (await h.queues.plan.queue.getCompletedCount()) === 1);
    // A contact job already queued when the pause came finds the campaign paused.
    const [first] = await contactRows(h.db.pool, campaign.id);
    expect(await processContact(h.deps, first.id, 0)).toEqual({ kind: 'done', what: 'paused' });
    expect(gateway.sent).toEqual([]);

    expect(await h.campaigns.resume(campaign.id, 'user:1')).toEqual({ planned: 2 });
    await eventually(async () => (await h.campaigns.progress(campaign.id)).state === 'finished');
    expect(gateway.sent.sort()).toEqual((await contactRows(h.db.pool, campaign.id)).map((r) => r.id));
  });
});
