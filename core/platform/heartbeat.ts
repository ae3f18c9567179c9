import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { HealthReport } from './service.ts';

/**
 * Each running service instance writes its health to Redis every few seconds with a short TTL, so
 * `hotline status` sees every instance on every machine, and a dead one disappears by itself.
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TTL_S = 15;

export interface InstanceHealth extends HealthReport {
  service: string;
  instance: string;
  host: string;
  pid: number;
  startedAt: string;
  reportedAt: string;
  endpoints?: Record<string, string>;
}

export function healthKey(prefix: string, service: string, instance: string): string {
  return `${prefix}:health:${service}:${instance}`;
}

export function instanceId(): string {
  return `${hostname()}-${process.pid}`;
}

export async function writeHeartbeat(redis: Redis, prefix: string, health: InstanceHealth): Promise<void> {
  await redis.set(
    healthKey(prefix, health.service, health.instance),
    JSON.stringify(health),
    'EX',
    HEARTBEAT_TTL_S,
  );
}

export async function readHeartbeats(redis: Redis, prefix: string): Promise<InstanceHealth[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:health:*`, 'COUNT', 500);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values
    .filter((value): value is string => value !== null)
    .map((value) => JSON.parse(value) as InstanceHealth)
    .sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
}

export async function removeHeartbeat(redis: Redis, prefix: string, service: string, instance: string) {
  await redis.del(healthKey(prefix, service, instance));
}
