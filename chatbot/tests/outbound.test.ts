import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/index.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { TelegramChannel } from '../channels/telegram/channel.ts';
import { chatbotConfigSchema } from '../config.ts';
import type { DialogEngine } from '../dialog/engine.ts';
import { chatKeys } from '../dialog/keys.ts';
import { TelegramDouble } from '../doubles/telegram/index.ts';
import { Outbox, outboundMessage } from '../outbound/outbox.ts';
import { OutboxSender } from '../outbound/sender.ts';
import { waitFor } from './harness.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.cleanup();
});

const logger = createLogger({ name: 'outbound-test', level: 'silent' });
const defaults = chatbotConfigSchema.parse({
  DATABASE_URL: 'postgres://unused',
  REDIS_URL: 'redis://unused',
});

describe('outbound queue against the Bot API limits (double: 30 msg/s overall, 1 msg/s per chat)', () => {
  it('sends a burst to many chats without a single 429, each chat in order; a blocked chat goes to the dead letters', async () => {
    const tg = await TelegramDouble.start();
    const channel = new TelegramChannel(
      { token: tg.token, apiRoot: tg.url, mode: 'polling' },
      {} as DialogEngine,
      logger,
    );
    const keys = chatKeys(redis.prefix);
    const outbox = new Outbox(redis.redis, keys, systemClock);
    const deadLetters = `${keys.base}ob:dead:telegram`;
    const chats = Array.from({ length: 40 }, (_, i) => 9000 + i);
    for (const chat of chats) tg.userSends(chat, 'привет'); // chats exist only once the user wrote
    tg.userBlocksBot(9039);
    // 40 chats × 2 messages = 80 messages: at least 3 windows of 30, at least 1 s per chat.
    for (const round of [1, 2]) {
      for (const chat of chats) {
        await outbox.enqueue(
          outboundMessage('telegram', String(chat), { text: `сообщение ${round}` }, Date.now()),
        );
      }
    }
    const sender = new OutboxSender(
      redis.redis,
      keys,
      'telegram',
      channel.deliver,
      // The production defaults (chatbot/config.ts) against the double's real Telegram limits (30/s).
      {
        perChatIntervalMs: defaults.TELEGRAM_PER_CHAT_INTERVAL_MS,
        globalPerSecond: defaults.TELEGRAM_GLOBAL_PER_SECOND,
      },
      systemClock,
      logger,
    );
    const started = Date.now();
    sender.start();
    try {
      for (const chat of chats.slice(0, 39)) {
        await tg.waitForMessage(chat, () => tg.messagesTo(chat).length === 2, 10_000);
      }
      // the blocked chat's second attempt comes a second after its first
      await waitFor(
        async () => (await redis.redis.llen(deadLetters)) === 2 || undefined,
        'dead letters',
        5000,
      );
    } finally {
      await sender.stop();
      await tg.stop();
    }
    const elapsed = Date.now() - started;
    const statuses = tg.requests.filter((r) => r.method.toLowerCase() === 'sendmessage').map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(78);
    expect(elapsed).toBeGreaterThanOrEqual(3000); // 78 sends at ≤ 25 per second
    for (const chat of chats.slice(0, 39)) {
      expect(tg.messagesTo(chat).map((m) => m.text)).toEqual(['сообщение 1', 'сообщение 2']);
    }
    // the blocked chat: 403 is permanent, both messages kept aside, nothing retried forever
    const dead = await redis.redis.lrange(deadLetters, 0, -1);
    expect(dead.map((d) => JSON.parse(d).reply.text)).toEqual(['сообщение 1', 'сообщение 2']);
    expect(await outbox.pending('telegram', '9039')).toEqual([]);
  });
});
