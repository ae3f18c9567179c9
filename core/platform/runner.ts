import type { Redis as RedisClient } from 'ioredis';
import { Redis } from 'ioredis';
import { applyCalendarSettings } from '../calendar/index.ts';
import { loadConfig } from '../config/load.ts';
import { baseConfigSchema } from '../config/schema.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { type Clock, systemClock } from '../lifecycle/clock.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { loadService } from './catalog.ts';
import { HEARTBEAT_INTERVAL_MS, instanceId, removeHeartbeat, writeHeartbeat } from './heartbeat.ts';
import type { PlatformService, RunningService, ServiceContext } from './service.ts';

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
    clock: options.clock ?? systemClock,
    pool: () => {
      pool ??= createPool(config.DATABASE_URL, {
        max: 20,
        applicationName: `hotline-${names.join('+')}`,
        onIdleError: (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection was lost'),
      });
      return pool;
    },
    redis: () => {
      redis ??= new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
      return redis;
    },
  };

  const services: StartedPlatform['services'] = [];
  const instance = instanceId();
  const startedAt = context.clock.now().toISOString();
  let heartbeat: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  const beat = async () => {
    for (const { name, running } of services) {
      const health = await running.health().catch((error: Error) => ({
        status: 'down' as const,
        details: { error: error.message },
      }));
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
    await applyCalendarSettings(context.pool()).catch((error: { code?: string }) => {
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
      beat().catch((error) => logger.warn({ err: error }, 'heartbeat failed'));
    }, options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
    heartbeat.unref();
  } catch (error) {
    await close();
    throw error;
  }
  return { services, context, close };
}
