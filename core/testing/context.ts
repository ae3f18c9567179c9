import type { Redis } from 'ioredis';
import { loadConfig } from '../config/load.ts';
import { baseConfigSchema } from '../config/schema.ts';
import type { Clock } from '../lifecycle/clock.ts';
import { systemClock } from '../lifecycle/clock.ts';
import { createLogger } from '../logging/logger.ts';
import type { ServiceContext } from '../platform/service.ts';
import type { TestDatabase } from './pg.ts';
import type { TestRedis } from './redis.ts';

/** A ServiceContext over a test database and a test Redis prefix, with a controllable clock. */
export function testServiceContext(options: {
  db: TestDatabase;
  redis: TestRedis;
  clock?: Clock;
  env?: Record<string, string>;
}): ServiceContext {
  const env = {
    ...process.env,
    DATABASE_URL: options.db.url,
    REDIS_URL: options.redis.url,
    REDIS_PREFIX: options.redis.prefix,
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  return {
    config: loadConfig(baseConfigSchema, env),
    env,
    logger: createLogger({ name: 'test', level: 'silent' }),
    clock: options.clock ?? systemClock,
    pool: () => options.db.pool,
    redis: (): Redis => options.redis.redis,
  };
}
