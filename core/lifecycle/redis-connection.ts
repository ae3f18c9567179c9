import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/index.ts';

/** How often one connection may report that Redis is unreachable while ioredis keeps reconnecting. */
const UNREACHABLE_REPORT_EVERY_MS = 10_000;

/**
 * A Redis connection for a long-running service. ioredis reconnects by itself, but a connection
 * without an 'error' listener prints "[ioredis] Unhandled error event" on every failed reconnect
 * straight to stderr, past the logger. Here the outage is logged (as a warning, at most every
 * 10 s per connection, the message only: a URL may carry a password) under the connection's role.
 */
export function openRedis(
  url: string,
  options: { role: string; logger?: Logger; redis?: RedisOptions },
): Redis {
  return reportOutages(new Redis(url, { maxRetriesPerRequest: null, ...options.redis }), options);
}

/**
 * The same outage reporting for a connection made otherwise (e.g. `redis.duplicate()`, which
 * copies the options but not the listeners).
 */
export function reportOutages(redis: Redis, options: { role: string; logger?: Logger }): Redis {
  let lastReportAt = 0;
  redis.on('error', (error: Error & { code?: string }) => {
    const now = Date.now();
    if (now - lastReportAt < UNREACHABLE_REPORT_EVERY_MS) return;
    lastReportAt = now;
    options.logger?.warn(
      { connection: options.role, error: error.message, code: error.code },
      'Redis unreachable; reconnecting',
    );
  });
  return redis;
}
