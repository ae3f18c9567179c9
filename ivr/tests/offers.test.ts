import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Acd, acdWorkingTime } from '../../agent-desktop/server/acd/index.ts';
import { createWorkingTime } from '../../core/calendar/index.ts';
import { createLogger } from '../../core/logging/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { OfferWatcher } from '../stasis/offers.ts';
import { IN_HOURS } from './harness.ts';

let redis: TestRedis;
let acd: Acd;
beforeAll(async () => {
  redis = await createTestRedis();
  const clock = new ManualClock(IN_HOURS);
  acd = new Acd({
    redis: redis.redis,
    prefix: redis.prefix,
    clock,
    workingTime: acdWorkingTime(createWorkingTime({ clock, timeZone: 'Asia/Krasnoyarsk' })),
  });
  await acd.defineQueue({ name: 'general', media: 'voice', topics: [] });
});
afterAll(async () => redis?.cleanup());

/**
 * The watcher's connection, whose next XREAD fails (connection reset) after `meanwhile` ran:
 * whatever `meanwhile` adds to the stream happens while the watcher is not reading.
 */
function flakyReader(reader: Redis) {
  let failing: (() => Promise<void>) | undefined;
  let reads = 0;
  const proxy = new Proxy(reader, {
    get(target, prop) {
      if (prop === 'xread') {
        return async (...args: unknown[]) => {
          reads += 1;
          const meanwhile = failing;
          if (meanwhile) {
            failing = undefined;
            await meanwhile();
            throw new Error('read ECONNRESET');
          }
          return (target.xread as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    redis: proxy,
    failNextRead(meanwhile: () => Promise<void>) {
      failing = meanwhile;
    },
    reads: () => reads,
    failed: () => failing === undefined,
  };
}

describe('the IVR offer watcher after a failed read', () => {
  it('still takes an offer made while its read failed (it resumes from the last event read)', async () => {
    const reader = flakyReader(redis.redis.duplicate());
    const logger = createLogger({ name: 'offers-test', level: 'silent' });
    const watcher = new OfferWatcher(reader.redis, acd.keys, logger);
    watcher.start();
    try {
      await acd.login({ agentId: '7', skills: [{ queue: 'general', level: 5 }], state: 'ready' });
      const interactionId = randomUUID();
      const wait = watcher.next(interactionId);
      while (reader.reads() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      reader.failNextRead(async () => {
        const made = await acd.enqueue({ id: interactionId, queue: 'general', channel: 'phone' });
        expect(made).toEqual({ status: 'offered', agentId: '7' });
      });
      const offer = await Promise.race([
        wait.offer,
        new Promise((resolve) => setTimeout(() => resolve('missed'), 5_000)),
      ]);
      expect(reader.failed()).toBe(true);
      expect(offer).toEqual({ interactionId, agentId: '7' });
    } finally {
      await watcher.stop();
    }
  });
});
