import { join } from 'node:path';
import { alwaysOpenSchedule, type PlatformProcess, startService } from '../../../e2e/processes.ts';
import type { TestRedis } from '../../testing/redis.ts';
import { type InstanceHealth, readHeartbeats } from '../heartbeat.ts';

/** Services run as processes on a test's own PostgreSQL and Redis, watched for exits. */
export interface ServiceFleet {
  running: Map<string, PlatformProcess>;
  /** `<service>: <code or signal>` of every process that exited while the test ran. */
  exits: string[];
  /** Each service's last heartbeat (what `hotline status` shows), by service name. */
  statuses(): Promise<Record<string, InstanceHealth | undefined>>;
  stop(): Promise<void>;
}

/**
 * Starts `services` (name → its own environment) one at a time — a loaded 2-CPU machine compiles
 * each service's TypeScript slowly — on `databaseUrl` and `redis`, with files under `dir`.
 */
export async function startServiceFleet(
  databaseUrl: string,
  redis: TestRedis,
  dir: string,
  services: Record<string, Record<string, string>>,
): Promise<ServiceFleet> {
  const common = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
    ASTERISK_SPOOL_DIR: join(dir, 'spool'),
    RECORDINGS_DIR: join(dir, 'recordings'),
    CHATBOT_ATTACHMENTS_DIR: join(dir, 'attachments'),
  };
  const running = new Map<string, PlatformProcess>();
  const exits: string[] = [];
  const fleet: ServiceFleet = {
    running,
    exits,
    async statuses() {
      const instances = await readHeartbeats(redis.redis, redis.prefix);
      return Object.fromEntries(
        Object.keys(services).map((name) => [name, instances.find((instance) => instance.service === name)]),
      );
    },
    async stop() {
      for (const service of running.values()) await service.stop();
    },
  };
  try {
    for (const [name, env] of Object.entries(services)) {
      const service = await startService(name, { ...common, ...env });
      service.child.once('exit', (code, signal) => exits.push(`${name}: ${code ?? signal}`));
      running.set(name, service);
    }
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}
