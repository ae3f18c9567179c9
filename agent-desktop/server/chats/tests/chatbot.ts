import { type RunningChatbot, startChatbot } from '../../../../chatbot/app.ts';
import { chatbotConfigSchema } from '../../../../chatbot/config.ts';
import { PgBilling } from '../../../../core/billing/index.ts';
import { loadConfig } from '../../../../core/config/load.ts';
import type { Clock } from '../../../../core/lifecycle/clock.ts';
import { createLogger } from '../../../../core/logging/index.ts';
import { Understander } from '../../../../core/nlu/index.ts';
import type { TestDatabase } from '../../../../core/testing/pg.ts';
import type { TestRedis } from '../../../../core/testing/redis.ts';

/** Friday 27 Nov 2026, 10:00 Krasnoyarsk: the ЕКЦ is open, so the chatbot hands chats to the ACD. */
export const IN_HOURS = '2026-11-27T03:00:00Z';
export const CHAT_QUEUE = 'chat_general';

let understander: Understander | undefined;

/** The real chatbot (dialog engine, web channel, relay, transcript writer) on the desktop's PG and Redis. */
export async function startChatbotBeside(
  db: TestDatabase,
  redis: TestRedis,
  clock: Clock,
  env: Record<string, string> = {},
): Promise<RunningChatbot> {
  const config = loadConfig(chatbotConfigSchema, {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    CHATBOT_PORT: '0',
    CHATBOT_HOST: '127.0.0.1',
    ...env,
  });
  understander ??= new Understander();
  return startChatbot({
    config,
    pool: db.pool,
    redis: redis.redis,
    billing: new PgBilling(db.pool, clock),
    clock,
    logger: createLogger({
      name: 'chatbot-beside-desktop',
      level: (process.env.CHATS_TEST_LOG as 'warn') ?? 'silent',
    }),
    understander,
    backoffBaseMs: 50,
  });
}
