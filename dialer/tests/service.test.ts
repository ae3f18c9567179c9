import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config/errors.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { testServiceContext } from '../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { PushGatewayDouble, SmscDouble, SmtpDouble } from '../doubles/index.ts';
import { buildDialer, dialerService } from '../service.ts';
import { addDebtor, contactRows, eventually } from './harness.ts';

describe('the dialer platform service', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let smsc: SmscDouble;
  let smtp: SmtpDouble;
  beforeAll(async () => {
    [db, redis, smsc, smtp] = await Promise.all([
      createTestDatabase(),
      createTestRedis(),
      SmscDouble.start({ systemId: 'hotline', password: 'secret' }),
      SmtpDouble.start({}),
    ]);
  });
  afterAll(async () => {
    await Promise.all([smsc?.stop(), smtp?.stop()]);
    await redis?.cleanup();
    await db?.drop();
  });

  it('starts from its configuration, sends through the configured gateways, closes cleanly', async () => {
    const context = testServiceContext({
      db,
      redis,
      clock: new ManualClock('2026-12-02T05:00:00Z'),
      env: {
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: 'hotline',
        SMPP_PASSWORD: 'secret',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        DIALER_TICK_MS: '1000',
      },
    });
    await addDebtor(db.pool, { id: 51, phone: '+79130000051', debtKopecks: 1 });
    const running = await dialerService.start(context);
    expect(running.endpoints).toEqual({ channels: 'push,online_account,sms,email' });
    const { campaigns, queues } = buildDialer(context);
    try {
      const campaign = await campaigns.create(
        {
          name: 'Информирование',
          purpose: 'information',
          channels: ['sms'],
          audience: { kind: 'filter', areas: ['Абакан'] },
          templates: { sms: 'Новый тариф с 01.01.2027.' },
          startsAt: '2026-12-02T05:00:00Z',
          endsAt: '2026-12-05T00:00:00Z',
        },
        'user:1',
      );
      // The service's own tick starts a scheduled campaign whose start came; a manual start here
      // would race it (and fail with «кампания идёт» when the tick wins).
      await campaigns.schedule(campaign.id, 'user:1');
      expect((await smsc.waitForMessageTo('79130000051')).text).toBe('Новый тариф с 01.01.2027.');
      await eventually(async () => (await contactRows(db.pool, campaign.id))[0].state === 'positive');
    } finally {
      await queues.close();
      await running.close();
    }
  });

  it('with PUSH_WEBHOOK_URL/SECRET: push goes to the gateway, its receipt reaches the intake listener', async () => {
    const gateway = await PushGatewayDouble.start({ secret: 's3cret', autoReceipt: 'delivered' });
    const context = testServiceContext({
      db,
      redis,
      clock: new ManualClock('2026-12-02T05:00:00Z'),
      env: {
        PUSH_WEBHOOK_URL: gateway.url,
        PUSH_WEBHOOK_SECRET: 's3cret',
        DIALER_INTAKE_HOST: '127.0.0.1',
        DIALER_INTAKE_PORT: '0',
        DIALER_TICK_MS: '1000',
      },
    });
    const running = await dialerService.start(context);
    const intake = String(running.endpoints?.intake);
    expect(intake).toMatch(/^127\.0\.0\.1:\d+$/);
    gateway.receiptsTo(`http://${intake}/api/push/receipts`);
    await addDebtor(db.pool, { id: 52, debtKopecks: 1 });
    const { campaigns, queues } = buildDialer(context);
    try {
      const campaign = await campaigns.create(
        {
          name: 'Push',
          purpose: 'information',
          channels: ['push'],
          audience: { kind: 'filter', accountNumbers: ['1900000052'] },
          templates: { push: { title: 'Тариф', text: 'Новый тариф с 01.01.2027.' } },
          startsAt: '2026-12-02T05:00:00Z',
          endsAt: '2026-12-05T00:00:00Z',
        },
        'user:1',
      );
      // The service's own tick starts a scheduled campaign whose start came; a manual start here
      // would race it (and fail with «кампания идёт» when the tick wins).
      await campaigns.schedule(campaign.id, 'user:1');
      const [post] = await gateway.waitForPosts(1);
      expect(post).toMatchObject({
        status: 200,
        message: { clientId: 52, text: 'Новый тариф с 01.01.2027.' },
      });
      await eventually(async () => (await contactRows(db.pool, campaign.id))[0].state === 'positive');
    } finally {
      await queues.close();
      await running.close();
      await gateway.stop();
    }
  });

  it('refuses half a configuration: a webhook without its secret, a bounce address without its secret', () => {
    for (const env of <Record<string, string>[]>[
      { PUSH_WEBHOOK_URL: 'https://push.example.ru/v1' },
      { MAIL_BOUNCE_ADDRESS: 'bounces@energosbyt.ru' },
      { MAIL_BOUNCE_ADDRESS: 'bounces+x@energosbyt.ru', MAIL_BOUNCE_SECRET: 's' },
      { PUSH_WEBHOOK_URL: 'not a url', PUSH_WEBHOOK_SECRET: 's' },
    ])
      expect(() => buildDialer(testServiceContext({ db, redis, env }))).toThrow(ConfigError);
  });
});
