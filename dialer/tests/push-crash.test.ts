import type { Server } from 'node:http';
import type { Queue, Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelSender, SendOutcome, SendRequest } from '../channels/channel.ts';
import { NoticeChannel } from '../channels/notices.ts';
import { PushGatewayDouble } from '../doubles/index.ts';
import { intakePort, startIntakeServer } from '../http/intake.ts';
import { PushWebhookChannel } from '../push/channel.ts';
import { createPushQueue, type PushJobData, startPushWorker } from '../push/delivery.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';
const SECRET = 'push-shared-secret';

/** The real channel, but the worker dies once it has done its part (before the attempt is marked). */
class DyingAfterSend implements ChannelSender {
  readonly channel: ChannelSender['channel'];
  sends = 0;
  constructor(private readonly inner: ChannelSender) {
    this.channel = inner.channel;
  }
  async send(request: SendRequest): Promise<SendOutcome> {
    await this.inner.send(request);
    this.sends++;
    return new Promise(() => {});
  }
}

/**
 * A worker that dies mid-send leaves its attempt `sending`. For push and online-account notices
 * the send is idempotent (notice unique per attempt, push POST keyed by the attempt), so the
 * restarted job sends the same attempt again: it ends with its real result, once, instead of
 * `crashed_unknown` — and nothing reaches the client twice.
 */
describe('push and notices after a worker died mid-send', () => {
  let h: Harness;
  let gateway: PushGatewayDouble;
  let intake: Server;
  let queue: Queue<PushJobData>;
  let pushWorker: Worker<PushJobData>;

  beforeEach(async () => {
    h = await createHarness({ start: START });
    await addDebtor(h.db.pool, { id: 61, debtKopecks: 150000 });
    gateway = await PushGatewayDouble.start({ secret: SECRET, autoReceipt: 'delivered' });
    intake = await startIntakeServer(h.deps, { host: '127.0.0.1', port: 0, pushSecret: SECRET });
    gateway.receiptsTo(`http://127.0.0.1:${intakePort(intake)}/api/push/receipts`);
    const connection = { url: h.redis.url, maxRetriesPerRequest: null } as const;
    queue = createPushQueue(connection, h.redis.prefix, { tries: 3, backoffMs: 50 });
    pushWorker = startPushWorker(h.deps, {
      url: gateway.url,
      secret: SECRET,
      connection,
      prefix: h.redis.prefix,
    });
  });
  afterEach(async () => {
    await pushWorker?.close();
    await queue?.close();
    await new Promise((resolve) => intake?.close(resolve));
    await gateway?.stop();
    await h?.close();
  });

  async function startCampaign(channel: 'push' | 'online_account') {
    const campaign = await h.campaigns.create(
      {
        name: 'Уведомление',
        purpose: 'debt_reminder',
        channels: [channel],
        audience: { kind: 'filter', accountNumbers: ['1900000061'] },
        templates: {
          [channel]: { title: 'Задолженность', text: 'Долг по л/с {{account}}: {{amount}} руб.' },
        },
        startsAt: START,
        endsAt: '2026-12-31T00:00:00Z',
      },
      'user:1',
    );
    await h.campaigns.schedule(campaign.id, 'user:1');
    await h.campaigns.start(campaign.id, 'user:1');
    return campaign.id;
  }

  /** The first worker dies after its sender did its part; a second one takes the stalled job. */
  async function crashThenRestart(channel: 'push' | 'online_account', healthy: ChannelSender) {
    const dying = new DyingAfterSend(healthy);
    h.deps.senders[channel] = dying;
    const campaignId = await startCampaign(channel);
    const [first] = h.startWorkers([channel], { lockDurationMs: 1000, stalledIntervalMs: 300 });
    await eventually(async () => dying.sends === 1);
    await first!.close(true);
    h.deps.senders[channel] = healthy;
    h.startWorkers([channel], { lockDurationMs: 1000, stalledIntervalMs: 300 });
    return campaignId;
  }

  it('push: the same attempt is sent again under its key, the phone gets it once, the receipt decides', async () => {
    // The POST job waits until after the crash: the attempt can only end through its resend.
    await pushWorker.pause(true);
    const channel = new PushWebhookChannel(h.db.pool, () => h.clock.now(), queue);
    const campaignId = await crashThenRestart('push', channel);
    await eventually(async () => {
      const { rows } = await h.db.pool.query('select stage from campaign_attempts where campaign_id = $1', [
        campaignId,
      ]);
      return rows[0]?.stage === 'sent';
    }, 15_000);
    pushWorker.resume();
    await eventually(async () => (await contactRows(h.db.pool, campaignId))[0].state === 'positive', 15_000);
    const { rows: attempts } = await h.db.pool.query(
      'select stage, result, detail from campaign_attempts where campaign_id = $1',
      [campaignId],
    );
    expect(attempts).toEqual([{ stage: 'done', result: 'positive', detail: 'push_delivered' }]);
    expect(gateway.delivered.size).toBe(1);
    expect(gateway.posts).toHaveLength(1); // queued twice under one job id: one POST
    const { rows: notices } = await h.db.pool.query('select count(*)::int as n from client_notices');
    expect(notices[0]).toEqual({ n: 1 });
  });

  it('online account: the notice is stored once and the attempt ends positive', async () => {
    const channel = new NoticeChannel('online_account', h.db.pool, () => h.clock.now());
    const campaignId = await crashThenRestart('online_account', channel);
    await eventually(async () => (await contactRows(h.db.pool, campaignId))[0].state === 'positive', 15_000);
    const { rows: attempts } = await h.db.pool.query(
      'select result, detail from campaign_attempts where campaign_id = $1',
      [campaignId],
    );
    expect(attempts).toEqual([{ result: 'positive', detail: 'stored' }]);
    const { rows: notices } = await h.db.pool.query('select count(*)::int as n from client_notices');
    expect(notices[0]).toEqual({ n: 1 });
  });
});
