import type { Server } from 'node:http';
import type { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushGatewayDouble } from '../doubles/index.ts';
import { intakePort, startIntakeServer } from '../http/intake.ts';
import { PushWebhookChannel } from '../push/channel.ts';
import { idempotencyKeyOf, SIGNATURE_HEADER, signBody } from '../push/contract.ts';
import { createPushQueue, type PushJobData, startPushWorker } from '../push/delivery.ts';
import { runTick, SMS_RECEIPT_WAIT_MS } from '../services/tick.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';
const SECRET = 'push-shared-secret';

describe('push over the HTTP webhook contract (gateway double, signed receipts, BullMQ retries)', () => {
  let h: Harness;
  let gateway: PushGatewayDouble;
  let intake: Server;
  let receiptsUrl: string;
  let queue: Queue<PushJobData>;
  let worker: Worker<PushJobData>;
  let nextClient = 40;

  beforeAll(async () => {
    h = await createHarness({ start: START });
    gateway = await PushGatewayDouble.start({ secret: SECRET });
    intake = await startIntakeServer(h.deps, { host: '127.0.0.1', port: 0, pushSecret: SECRET });
    receiptsUrl = `http://127.0.0.1:${intakePort(intake)}/api/push/receipts`;
    gateway.receiptsTo(receiptsUrl);
    const connection = { url: h.redis.url, maxRetriesPerRequest: null } as const;
    queue = createPushQueue(connection, h.redis.prefix, { tries: 3, backoffMs: 50 });
    worker = startPushWorker(h.deps, {
      url: gateway.url,
      secret: SECRET,
      connection,
      prefix: h.redis.prefix,
    });
    h.deps.senders.push = new PushWebhookChannel(h.db.pool, () => h.clock.now(), queue);
    h.startWorkers(['push']);
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await new Promise((resolve) => intake?.close(resolve));
    await gateway?.stop();
    await h?.close();
  });

  /** A one-client push campaign, started; returns its id, the client and the attempt's key. */
  async function pushCampaign() {
    const clientId = nextClient++;
    const account = await addDebtor(h.db.pool, { id: clientId, debtKopecks: 250000 });
    const campaign = await h.campaigns.create(
      {
        name: `Push ${clientId}`,
        purpose: 'debt_reminder',
        channels: ['push'],
        audience: { kind: 'filter', accountNumbers: [account] },
        templates: { push: { title: 'Задолженность', text: 'Долг по л/с {{account}}: {{amount}} руб.' } },
        startsAt: START,
        endsAt: '2026-12-31T00:00:00Z',
      },
      'user:1',
    );
    await h.campaigns.schedule(campaign.id, 'user:1');
    await h.campaigns.start(campaign.id, 'user:1');
    const { rows } = await eventually(async () => {
      const result = await h.db.pool.query(
        "select a.id, a.stage from campaign_attempts a where a.campaign_id = $1 and a.stage in ('sent', 'done')",
        [campaign.id],
      );
      return result.rows.length > 0 ? result : undefined;
    });
    return { campaignId: campaign.id, clientId, account, key: idempotencyKeyOf(Number(rows[0].id)) };
  }

  const attemptOf = async (key: string) =>
    (
      await h.db.pool.query('select stage, result, detail from campaign_attempts where id = $1', [
        key.slice(8),
      ])
    ).rows[0];
  const contactOf = async (campaignId: number) => (await contactRows(h.db.pool, campaignId))[0];

  it('delivered receipt → positive; the signed JSON carries the key, client, title and text', async () => {
    gateway.setAutoReceipt('delivered');
    const { campaignId, clientId, key } = await pushCampaign();
    await eventually(async () => (await contactOf(campaignId))?.state === 'positive');
    expect(await attemptOf(key)).toMatchObject({
      stage: 'done',
      result: 'positive',
      detail: 'push_delivered',
    });
    expect(gateway.delivered.get(key)).toMatchObject({
      idempotencyKey: key,
      clientId,
      title: 'Задолженность',
      text: `Долг по л/с ${1900000000 + clientId}: 2 500,00 руб.`,
    });
    expect(gateway.posts.filter((p) => p.key === key)).toEqual([
      expect.objectContaining({ status: 200, signatureOk: true }),
    ]);
    const notice = await h.db.pool.query('select channel from client_notices where client_id = $1', [
      clientId,
    ]);
    expect(notice.rows).toEqual([{ channel: 'push' }]);
  });

  it('503 twice, then accepted: retried with backoff, delivered once, positive on its receipt', async () => {
    gateway.setAutoReceipt('none');
    gateway.failNext(2, 503);
    const { campaignId, key } = await pushCampaign();
    await eventually(async () => gateway.posts.filter((p) => p.key === key).length === 3);
    expect(gateway.posts.filter((p) => p.key === key).map((p) => p.status)).toEqual([503, 503, 200]);
    expect(await attemptOf(key)).toMatchObject({ stage: 'sent', result: null });
    expect(await gateway.sendReceipt(key, 'delivered')).toBe(200);
    await eventually(async () => (await contactOf(campaignId))?.state === 'positive');
  });

  it('a reply lost after delivery: the retry has the same idempotency key, the phone gets it once', async () => {
    gateway.setAutoReceipt('none');
    gateway.failNext(1, 502, { deliverAnyway: true });
    const { key } = await pushCampaign();
    await eventually(async () => gateway.posts.filter((p) => p.key === key).length === 2);
    const posts = gateway.posts.filter((p) => p.key === key);
    expect(posts.map((p) => p.status)).toEqual([502, 200]);
    expect(posts[0]!.message!.createdAt).toBe(posts[1]!.message!.createdAt);
    expect([...gateway.delivered.keys()].filter((k) => k === key)).toHaveLength(1);
    // Queuing the attempt again (a redelivered contact job) adds no second POST: the job id is the key.
    await queue.add('push', { attemptId: Number(key.slice(8)) }, { jobId: key });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.posts.filter((p) => p.key === key)).toHaveLength(2);
  });

  it('a forged or stale receipt is refused and changes nothing; the genuine «failed» one makes it negative', async () => {
    gateway.setAutoReceipt('none');
    const { campaignId, key } = await pushCampaign();
    await eventually(async () => (await attemptOf(key))?.stage === 'sent');
    expect(await gateway.sendReceipt(key, 'delivered', { secret: 'guessed' })).toBe(401);
    const body = JSON.stringify({ receipts: [{ idempotencyKey: key, status: 'delivered', at: START }] });
    const stale = await fetch(receiptsUrl, {
      method: 'POST',
      headers: { [SIGNATURE_HEADER]: signBody(SECRET, body, Date.now() - 600_000) },
      body,
    });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: 'signature expired' });
    const unsigned = await fetch(receiptsUrl, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(await attemptOf(key)).toMatchObject({ stage: 'sent', result: null });

    expect(await gateway.sendReceipt(key, 'failed', { reason: 'unregistered' })).toBe(200);
    await eventually(async () => (await contactOf(campaignId))?.state === 'negative');
    expect(await attemptOf(key)).toMatchObject({ result: 'negative', detail: 'push_failed_unregistered' });
    // A repeated receipt changes nothing.
    expect(await gateway.sendReceipt(key, 'delivered')).toBe(200);
    expect(await attemptOf(key)).toMatchObject({ result: 'negative' });
  });

  it('429 on every try: negative after the last one; a 400 is final at once', async () => {
    gateway.setAutoReceipt('none');
    gateway.failNext(3, 429);
    const throttled = await pushCampaign();
    await eventually(async () => (await attemptOf(throttled.key))?.stage === 'done');
    expect(await attemptOf(throttled.key)).toMatchObject({ result: 'negative', detail: 'push_http_429' });
    expect(gateway.posts.filter((p) => p.key === throttled.key)).toHaveLength(3);

    gateway.failNext(1, 400);
    const refused = await pushCampaign();
    await eventually(async () => (await attemptOf(refused.key))?.stage === 'done');
    expect(await attemptOf(refused.key)).toMatchObject({ result: 'negative', detail: 'push_refused_400' });
    expect(gateway.posts.filter((p) => p.key === refused.key)).toHaveLength(1);
    expect(gateway.delivered.has(refused.key)).toBe(false);
  });

  it('no receipt within 24 h: the tick makes the push negative, as for SMS (runs last: it moves the clock)', async () => {
    gateway.setAutoReceipt('none');
    const { campaignId, key } = await pushCampaign();
    await eventually(async () => (await attemptOf(key))?.stage === 'sent');
    h.clock.advance(SMS_RECEIPT_WAIT_MS - 1000);
    await runTick(h.deps, h.campaigns);
    expect(await attemptOf(key)).toMatchObject({ stage: 'sent' });
    h.clock.advance(2000);
    expect((await runTick(h.deps, h.campaigns)).receiptsExpired).toBeGreaterThanOrEqual(1);
    expect(await attemptOf(key)).toMatchObject({
      stage: 'done',
      result: 'negative',
      detail: 'receipt_missing',
    });
    expect((await contactOf(campaignId))?.state).toBe('negative');
  });
});
