import { randomUUID } from 'node:crypto';
import { createWorkingTime } from '../../../../core/calendar/index.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { type AcdEvent, readEvents } from '../events/stream.ts';
import { Acd, type BreakRule } from '../router/acd.ts';
import { acdWorkingTime } from '../services/working-time.ts';

/** Wednesday 25 Nov 2026, 10:00 in Krasnoyarsk (UTC+7): inside ЕКЦ hours. */
export const WORKING_MORNING = '2026-11-25T03:00:00Z';

export interface Harness {
  acd: Acd;
  clock: ManualClock;
  redis: TestRedis;
  /** Events published since the previous call. */
  newEvents(): Promise<AcdEvent[]>;
  cleanup(): Promise<void>;
}

export async function createHarness(
  options: { start?: string; breakRule?: BreakRule } = {},
): Promise<Harness> {
  const redis = await createTestRedis();
  const clock = new ManualClock(options.start ?? WORKING_MORNING);
  const workingTime = acdWorkingTime(createWorkingTime({ clock, timeZone: 'Asia/Krasnoyarsk' }));
  const acd = new Acd({
    redis: redis.redis,
    prefix: redis.prefix,
    clock,
    workingTime,
    breakRule: options.breakRule,
  });
  let lastId = '-';
  return {
    acd,
    clock,
    redis,
    async newEvents() {
      const events = await readEvents(redis.redis, acd.keys, lastId);
      if (events.length) lastId = events.at(-1)!.id;
      return events;
    },
    cleanup: () => redis.cleanup(),
  };
}

export const ixId = () => randomUUID();
