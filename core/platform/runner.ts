import type { Redis as RedisClient } from 'ioredis';
import { applyCalendarSettings } from '../calendar/index.ts';
import { ConfigError } from '../config/errors.ts';
import { loadConfig } from '../config/load.ts';
import { baseConfigSchema } from '../config/schema.ts';
import { isDatabaseUnavailable, probeDatabase } from '../db/availability.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { type Clock, simulatedClock, systemClock } from '../lifecycle/clock.ts';
import { openRedis } from '../lifecycle/redis-connection.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { loadService } from './catalog.ts';
import { HEARTBEAT_INTERVAL_MS, instanceId, removeHeartbeat, writeHeartbeat } from './heartbeat.ts';
import type { HealthReport, PlatformService, RunningService, ServiceContext } from './service.ts';

export interface StartedPlatform {
  services: Array<{ name: string; running: RunningService }>;
  context: ServiceContext;
  /** Closes services in reverse start order, then Redis and PostgreSQL. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  heartbeatIntervalMs?: number;
}

const UNDEFINED_TABLE = '42P01';

function clockProblem(problem: string): ConfigError {
  return new ConfigError(`invalid simulated clock: ${problem}`, [problem]);
}

/**
 * The platform's time: the machine's, or — for demos, training and end-to-end tests of rules tied
 * to the hour — simulated time shared by every process started with the same
 * HOTLINE_CLOCK_START (an ISO instant, reached when the process starts) and HOTLINE_CLOCK_RATE
 * (simulated seconds per real second, default 1). Refused in production: a simulated clock
 * there would send campaigns at night or miss real deadlines.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const start = env.HOTLINE_CLOCK_START?.trim();
  const rateText = env.HOTLINE_CLOCK_RATE?.trim();
  if (!start) {
    if (rateText) throw clockProblem('HOTLINE_CLOCK_RATE needs HOTLINE_CLOCK_START');
    return systemClock;
  }
  if (env.NODE_ENV === 'production')
    throw clockProblem(
      'HOTLINE_CLOCK_START is for demos, training and tests; it is refused when NODE_ENV=production',
    );
  const startMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(start)
    ? Date.parse(start)
    : Number.NaN;
  if (Number.isNaN(startMs))
    throw clockProblem(
      `HOTLINE_CLOCK_START must be an ISO instant with its offset (2026-12-01T19:55:00+07:00), got ${start}`,
    );
  const rate = rateText ? Number(rateText) : 1;
  if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000)
    throw clockProblem(`HOTLINE_CLOCK_RATE must be a number in (0, 10000], got ${rateText}`);
  return simulatedClock(startMs, rate);
}

/** Starts the named services in this process, sharing one PostgreSQL pool and one Redis connection. */
export async function startServices(names: string[], options: StartOptions = {}): Promise<StartedPlatform> {
  const env = options.env ?? process.env;
  const config = loadConfig(baseConfigSchema, env);
  const logger = options.logger ?? createLogger({ name: 'hotline', level: config.LOG_LEVEL });
  let pool: Pool | undefined;
  let redis: RedisClient | undefined;
  const context: ServiceContext = {
    config,
    env,
    logger,
    clock: options.clock ?? clockFromEnv(env),
    pool: () => {
      pool ??= createPool(config.DATABASE_URL, {
        max: 20,
        applicationName: `hotline-${names.join('+')}`,
        // The message and code only: pg hangs the whole client object on the error.
        onIdleError: (error: Error & { code?: string }) =>
          logger.warn({ error: error.message, code: error.code }, 'an idle PostgreSQL connection was lost'),
      });
      return pool;
    },
    redis: () => {
      redis ??= openRedis(config.REDIS_URL, { role: 'service', logger });
      return redis;
    },
  };

  if (!options.clock && context.clock !== systemClock)
    logger.warn({ now: context.clock.now().toISOString(), rate: context.clock.rate }, 'simulated clock');
  const services: StartedPlatform['services'] = [];
  const instance = instanceId();
  const startedAt = context.clock.now().toISOString();
  let heartbeat: NodeJS.Timeout | undefined;
  // The beat in progress: close() waits for it, or a late write would bring back a heartbeat that
  // close() had just removed (a stopped instance shown as running for HEARTBEAT_TTL_S).
  let beating: Promise<void> | undefined;
  let calendarRetry: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  const beat = async () => {
    // Services stay up without PostgreSQL (they retry, queue or refuse politely), but not whole:
    // every service of a process whose pool cannot reach it reports `degraded`.
    const database = pool ? await probeDatabase(pool) : true;
    for (const { name, running } of services) {
      if (closing) return;
      const reported: HealthReport = await running.health().catch((error: Error) => ({
        status: 'down' as const,
        details: { error: error.message },
      }));
      const health = database ? reported : withDatabaseUnavailable(reported);
      await writeHeartbeat(context.redis(), config.REDIS_PREFIX, {
        ...health,
        service: name,
        instance,
        host: instance.split('-')[0] ?? '',
        pid: process.pid,
        startedAt,
        reportedAt: context.clock.now().toISOString(),
        endpoints: running.endpoints,
      });
    }
  };

  const close = () => {
    closing ??= (async () => {
      clearInterval(heartbeat);
      clearInterval(calendarRetry);
      await beating;
      for (const { name, running } of [...services].reverse()) {
        try {
          await running.close();
          await removeHeartbeat(context.redis(), config.REDIS_PREFIX, name, instance).catch(() => {});
          logger.info({ service: name }, 'service stopped');
        } catch (error) {
          logger.error({ err: error, service: name }, 'service failed to stop cleanly');
        }
      }
      await pool?.end().catch(() => {});
      redis?.disconnect();
    })();
    return closing;
  };

  try {
    const loaded = new Map<string, PlatformService>();
    for (const name of names) loaded.set(name, await loadService(name));
    // The admin's saved ЕКЦ hours and calendar years, before any service builds its working time.
    // PostgreSQL down (a service restarted during an outage): start on the shipped calendar, and
    // install the saved one as soon as it can be read, rather than exit and crash-loop.
    await applyCalendarSettings(context.pool()).catch((error: { code?: string }) => {
      if (isDatabaseUnavailable(error)) {
        logger.warn('calendar settings not read (PostgreSQL unavailable): shipped calendar until it is back');
        calendarRetry = setInterval(() => {
          applyCalendarSettings(context.pool()).then(
            () => clearInterval(calendarRetry),
            () => undefined,
          );
        }, 5_000);
        calendarRetry.unref();
        return;
      }
      if (error.code !== UNDEFINED_TABLE) throw error;
      logger.warn('calendar_settings missing: the database is not migrated (run `hotline migrate`)');
    });
    for (const [name, service] of loaded) {
      const running = await service.start(context);
      services.push({ name, running });
      logger.info({ service: name, endpoints: running.endpoints }, 'service started');
    }
    await beat();
    heartbeat = setInterval(() => {
      // One beat at a time: a slow Redis or health check must not pile writes up.
      beating ??= beat()
        .catch((error) => logger.warn({ err: error }, 'heartbeat failed'))
        .finally(() => {
          beating = undefined;
        });
    }, options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
    heartbeat.unref();
  } catch (error) {
    await close();
    throw error;
  }
  return { services, context, close };
}

function withDatabaseUnavailable(health: HealthReport): HealthReport {
  return {
    status: health.status === 'down' ? 'down' : 'degraded',
    details: { ...health.details, database: 'unavailable' },
  };
}
