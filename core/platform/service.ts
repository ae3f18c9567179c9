import type { Redis } from 'ioredis';
import type { BaseConfig } from '../config/schema.ts';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../lifecycle/clock.ts';
import type { Logger } from '../logging/logger.ts';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface HealthReport {
  status: HealthStatus;
  /** Short operational facts (ports, counts, connection states) — never personal data. */
  details?: Record<string, string | number | boolean>;
}

/** What a running service gives back to the process that started it. */
export interface RunningService {
  /** Where it listens, for the start banner (e.g. `grpc://127.0.0.1:50051`). */
  endpoints?: Record<string, string>;
  health(): Promise<HealthReport>;
  /** Stop taking work, finish in-flight work, release resources. */
  close(): Promise<void>;
}

/** Shared resources a service may use; created once per process and closed by the runner. */
export interface ServiceContext {
  config: BaseConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock: Clock;
  pool(): Pool;
  redis(): Redis;
}

export interface PlatformService {
  name: string;
  description: string;
  start(context: ServiceContext): Promise<RunningService>;
}
