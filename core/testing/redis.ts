import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { requireEnv } from './pg.ts';

export interface TestRedis {
  redis: Redis;
  /** A prefix unique to this test file; use it as REDIS_PREFIX so files never see each other's keys. */
  prefix: string;
  url: string;
  /** Deletes this prefix's keys and closes the connection. */
  cleanup(): Promise<void>;
}

export async function createTestRedis(): Promise<TestRedis> {
  const url = requireEnv('REDIS_URL');
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  return {
    redis,
    prefix,
    url,
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
