import { createWorkingTime } from '../../../core/calendar/index.ts';
import { loadConfig } from '../../../core/config/load.ts';
import type { ServiceContext } from '../../../core/platform/service.ts';
import { Acd } from './router/acd.ts';
import { type AcdConfig, acdConfigSchema } from './schemas/config.ts';
import { acdWorkingTime } from './services/working-time.ts';

/** The ACD as every process of the platform builds it: same Redis, clock, ЕКЦ hours and break rule. */
export function acdFromContext(context: ServiceContext, config?: AcdConfig): Acd {
  const settings = config ?? loadConfig(acdConfigSchema, context.env);
  return new Acd({
    redis: context.redis(),
    prefix: context.config.REDIS_PREFIX,
    clock: context.clock,
    workingTime: acdWorkingTime(createWorkingTime({ timeZone: context.config.HOTLINE_TZ })),
    breakRule: {
      enabled: settings.ACD_BREAK_RULE === 'on',
      minReadyPerQueue: settings.ACD_MIN_READY_PER_QUEUE,
    },
  });
}
