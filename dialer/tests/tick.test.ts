import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../core/audit/index.ts';
import type { ChannelSender, SendOutcome } from '../channels/channel.ts';
import { CampaignService } from '../services/campaigns.ts';
import { runTick, SMS_RECEIPT_WAIT_MS } from '../services/tick.ts';
import {
  addDebtor,
  contactRows,
  createHarness,
  eventually,
  type Harness,
  runningCampaign,
} from './harness.ts';

// Wednesday 2026-12-02, 09:00 in Krasnoyarsk.
const NOW = '2026-12-02T02:00:00Z';

/** A gateway that takes SMS and never sends a receipt. */
const silentGateway: ChannelSender = {
  channel: 'sms',
  send: async (): Promise<SendOutcome> => ({ kind: 'accepted', gatewayIds: ['lost-1'], costUnits: 1 }),
};

describe('the dialer tick', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: NOW });
    h.deps.senders.sms = silentGateway;
    await addDebtor(h.db.pool, { id: 41, phone: '+79130000041', debtKopecks: 1 });
    h.startWorkers(['sms']);
  });
  afterAll(async () => h?.close());

  it('starts a scheduled campaign on its start date, expires a missing receipt, finishes at the end date', async () => {
    const campaign = await h.campaigns.create(
      {
        name: 'Информирование',
        purpose: 'information',
        channels: ['sms'],
        audience: { kind: 'filter', areas: ['Абакан'] },
        templates: { sms: 'Новый тариф с 01.01.2027.' },
        startsAt: '2026-12-02T03:00:00Z',
        endsAt: '2026-12-05T00:00:00Z',
      },
      'user:1',
    );
    await h.campaigns.schedule(campaign.id, 'user:1');
    expect(await runTick(h.deps, h.campaigns)).toEqual({ started: 0, finished: 0, receiptsExpired: 0 });

    h.clock.set('2026-12-02T03:00:00Z'); // 10:00 local, the start date
    expect((await runTick(h.deps, h.campaigns)).started).toBe(1);
    await eventually(async () => (await contactRows(h.db.pool, campaign.id))[0].attempts_total === 1);
    await eventually(async () => {
      const { rows } = await h.db.pool.query("select stage from campaign_attempts where stage = 'sent'");
      return rows.length === 1;
    });

    h.clock.advance(SMS_RECEIPT_WAIT_MS + 1);
    expect((await runTick(h.deps, h.campaigns)).receiptsExpired).toBe(1);
    const [row] = await contactRows(h.db.pool, campaign.id);
    expect(row.state).toBe('pending');

    h.clock.set('2026-12-05T00:00:01Z');
    expect((await runTick(h.deps, h.campaigns)).finished).toBe(1);
    expect(await h.campaigns.progress(campaign.id)).toMatchObject({ state: 'finished', negative: 1 });
    const trail = await auditTrail(h.db.pool, 'campaign', String(campaign.id));
    expect(trail.slice(-2).map((e) => [e.action, e.actor])).toEqual([
      ['campaign.start', 'service:dialer'],
      ['campaign.finish', 'service:dialer'],
    ]);
  });

  it("runningCampaign: a service's tick that starts the scheduled campaign first is no failure of the test's start", async () => {
    const deps = h.deps;
    // The tick runs right after the schedule, before the test's own start (the race it meets).
    const racing = new (class extends CampaignService {
      override async schedule(id: number, actor: 'user:1') {
        const scheduled = await super.schedule(id, actor);
        expect((await runTick(deps, this)).started).toBe(1);
        return scheduled;
      }
    })(deps);
    const { campaign, planned } = await runningCampaign(
      { campaigns: racing, clock: h.clock },
      {
        name: 'Гонка',
        purpose: 'information',
        channels: ['sms'],
        audience: { kind: 'filter', areas: ['Абакан'] },
        templates: { sms: 'Офис работает до 16:00.' },
        endsAt: '2026-12-31T00:00:00Z',
      },
    );
    expect(planned).toBeUndefined();
    expect((await h.campaigns.get(campaign.id)).state).toBe('running');
    const trail = await auditTrail(h.db.pool, 'campaign', String(campaign.id));
    expect(trail.filter((e) => e.action === 'campaign.start').map((e) => e.actor)).toEqual([
      'service:dialer',
    ]);
  });
});
