import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebDelivery } from '../../../../chatbot/channels/web/delivery.ts';
import { chatKeys } from '../../../../chatbot/dialog/keys.ts';
import { chatbotService } from '../../../../chatbot/service.ts';
import {
  AppealDeliveryQueue,
  deliveryStageHook,
  listQueued,
} from '../../../../core/appeals/delivery/index.ts';
import { createAppealService } from '../../../../core/appeals/index.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { SmtpDouble } from '../../../../dialer/doubles/index.ts';
import { dialerService } from '../../../../dialer/service.ts';
import { eventually } from '../../../../dialer/tests/harness.ts';

/** The dialer and chatbot services, started from their settings, serve the appeal delivery queues. */
describe('appeal delivery workers in the platform services', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let smtp: SmtpDouble;
  const clock = new ManualClock('2026-11-27T03:00:00Z');
  beforeAll(async () => {
    [db, redis, smtp] = await Promise.all([createTestDatabase(), createTestRedis(), SmtpDouble.start({})]);
  });
  afterAll(async () => {
    await smtp?.stop();
    await redis?.cleanup();
    await db?.drop();
  });

  it('an answer by e-mail goes out through the dialer, one to a web chat through the chatbot', async () => {
    const context = testServiceContext({
      db,
      redis,
      clock,
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        CHATBOT_PORT: '0',
        CHATBOT_HOST: '127.0.0.1',
      },
    });
    const [dialer, chatbot] = await Promise.all([
      dialerService.start(context),
      chatbotService.start(context),
    ]);
    const queue = new AppealDeliveryQueue(redis.redis, redis.prefix);
    try {
      const appeals = createAppealService({
        pool: db.pool,
        clock,
        onStage: deliveryStageHook({ clock, timeZone: 'Asia/Krasnoyarsk' }),
      });
      const keys = chatKeys(redis.prefix);
      const web = new WebDelivery(redis.redis, keys);
      await web.deliver({
        id: 'hello',
        channel: 'web_chat',
        chatId: 'svc-session',
        reply: { text: 'Здравствуйте' },
        at: 0,
      });
      const byMail = await appeals.register({
        channel: 'phone',
        kind: 'complex',
        topics: ['bill'],
        description: 'Вопрос по счёту',
        replyChannel: 'email',
        replyAddress: 'svc@example.ru',
      });
      const byChat = await appeals.register({
        channel: 'web_chat',
        kind: 'simple',
        topics: ['bill'],
        description: 'Вопрос в чате',
        replyAddress: 'svc-session',
      });
      for (const appeal of [byMail, byChat]) {
        await appeals.answer(appeal.id, { text: `Ответ для ${appeal.regNumber}` });
        await queue.enqueue(await listQueued(db.pool, { appealId: appeal.id }));
      }
      expect((await smtp.waitForMessageTo('svc@example.ru')).text).toContain(`Ответ для ${byMail.regNumber}`);
      const frames = await eventually(async () => {
        const later = await web.since('svc-session', 1);
        return later.length > 0 && later;
      });
      expect(JSON.parse(frames[0]!).text).toContain(`Ответ для ${byChat.regNumber}`);
      await eventually(async () => {
        const { rows } = await db.pool.query(
          `select count(*)::int as n from appeal_deliveries where status = 'sent'`,
        );
        return rows[0].n === 2;
      });
    } finally {
      await queue.close();
      await Promise.all([dialer.close(), chatbot.close()]);
    }
  });
});
