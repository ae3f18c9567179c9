import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { followEvents, publishEvent } from '../events/stream.ts';
import { acdKeys } from '../keys.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(async () => redis?.cleanup());

/**
 * The follower's connection, except that before its `readsBeforePublish`-th XREAD goes out an
 * event lands on the stream: exactly the moment a busy process spends between two blocking reads.
 */
function connectionWithEventBeforeRead(keys: ReturnType<typeof acdKeys>, readsBeforePublish: number) {
  const follower = redis.redis.duplicate();
  let reads = 0;
  const xread = follower.xread.bind(follower) as (...args: unknown[]) => Promise<unknown>;
  const proxied = new Proxy(follower, {
    get(target, property, receiver) {
      if (property !== 'xread') return Reflect.get(target, property, receiver);
      return async (...args: unknown[]) => {
        reads += 1;
        if (reads === readsBeforePublish)
          await publishEvent(redis.redis, keys, 1, { type: 'offered', ix: 'x1' });
        return xread(...args);
      };
    },
  });
  return proxied as unknown as Redis;
}

describe('following the ACD event stream from now on', () => {
  it.each([
    ['before the first read', 1],
    ['between two reads, after an empty one timed out', 2],
  ])('loses no event published %s', async (_, readsBeforePublish) => {
    const keys = acdKeys(`${redis.prefix}-${readsBeforePublish}`);
    await publishEvent(redis.redis, keys, 0, { type: 'queued', ix: 'old' }); // before "now": not followed
    const follower = connectionWithEventBeforeRead(keys, readsBeforePublish);
    const abort = new AbortController();
    try {
      const events = followEvents(follower, keys, { blockMs: 50, signal: abort.signal });
      const first = await events.next();
      expect(first.value).toMatchObject({ type: 'offered', ix: 'x1' });
    } finally {
      abort.abort();
      follower.disconnect();
    }
  });
});
