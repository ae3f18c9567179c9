import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Acd, acdWorkingTime } from '../../agent-desktop/server/acd/index.ts';
import { PgBilling } from '../../core/billing/index.ts';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { createWorkingTime } from '../../core/calendar/index.ts';
import { loadConfig } from '../../core/config/load.ts';
import { createLogger } from '../../core/logging/index.ts';
import { Understander } from '../../core/nlu/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { type RunningChatbot, startChatbot } from '../app.ts';
import { chatbotConfigSchema } from '../config.ts';

/** Friday 27 Nov 2026, 10:00 Krasnoyarsk: ЕКЦ open (the billing fixture's "now"). */
export const IN_HOURS = '2026-11-27T03:00:00Z';
/** Friday 27 Nov 2026, 21:30 Krasnoyarsk: ЕКЦ closed (weekdays 08:00–20:00). */
export const AFTER_HOURS = '2026-11-27T14:30:00Z';
export const OPERATOR_ID = '7';
export const CHAT_QUEUE = 'chat_general';

let sharedUnderstander: Understander | undefined;

export interface ChatbotHarness {
  db: TestDatabase;
  redis: TestRedis;
  clock: ManualClock;
  bot: RunningChatbot;
  acd: Acd;
  close(): Promise<void>;
}

/** A chatbot on a fresh database (billing fixture, one operator, a chat queue) and Redis prefix. */
export async function startHarness(
  options: {
    start?: string;
    env?: Record<string, string>;
    /** A database of the test's own (e.g. a StoppablePostgres one), migrated; by default a fresh clone. */
    db?: TestDatabase;
  } = {},
): Promise<ChatbotHarness> {
  const db = options.db ?? (await createTestDatabase());
  await fillBillingFixture(db.pool);
  await db.pool.query(
    `insert into users (id, login, full_name, password_hash, roles) values ($1, 'op7', 'Оператор', 'x', array['operator'])`,
    [OPERATOR_ID],
  );
  const redis = await createTestRedis();
  const clock = new ManualClock(options.start ?? IN_HOURS);
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'chatbot-attachments-'));
  const env = {
    CHATBOT_ATTACHMENTS_DIR: attachmentsDir,
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    CHATBOT_PORT: '0',
    CHATBOT_HOST: '127.0.0.1',
    ...options.env,
  };
  const config = loadConfig(chatbotConfigSchema, env);
  const logger = createLogger({ name: 'chatbot-test', level: 'silent' });
  const acd = new Acd({
    redis: redis.redis,
    prefix: redis.prefix,
    clock,
    workingTime: acdWorkingTime(createWorkingTime({ clock })),
  });
  await acd.defineQueue({ name: CHAT_QUEUE, media: 'chat' });
  sharedUnderstander ??= new Understander();
  const bot = await startChatbot({
    config,
    pool: db.pool,
    redis: redis.redis,
    billing: new PgBilling(db.pool, clock),
    clock,
    logger,
    understander: sharedUnderstander,
    backoffBaseMs: 50,
    attachmentRetryMs: 200,
  });
  return {
    db,
    redis,
    clock,
    bot,
    acd,
    async close() {
      await bot.close();
      await redis.cleanup();
      await db.drop();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
