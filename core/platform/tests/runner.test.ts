import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../testing/redis.ts';
import { SERVICE_CATALOG } from '../catalog.ts';
import { readHeartbeats } from '../heartbeat.ts';
import { startServices } from '../runner.ts';
import type { PlatformService } from '../service.ts';

let testRedis: TestRedis;
const events: string[] = [];

function probeService(name: string, healthy: () => boolean): PlatformService {
  return {
    name,
    description: 'test probe',
    async start(context) {
      events.push(`start ${name}`);
      await context.redis().ping();
      return {
        endpoints: { probe: `test://${name}` },
        health: async () => (healthy() ? { status: 'ok', details: { jobs: 3 } } : { status: 'down' }),
        close: async () => {
          events.push(`close ${name}`);
        },
      };
    },
  };
}

beforeAll(async () => {
  testRedis = await createTestRedis();
});
afterAll(async () => {
  delete SERVICE_CATALOG['probe-a'];
  delete SERVICE_CATALOG['probe-b'];
  await testRedis.cleanup();
});

describe('service runner', () => {
  it('starts services in order, reports their health to Redis, and closes them in reverse', async () => {
    let bHealthy = true;
    SERVICE_CATALOG['probe-a'] = async () => probeService('probe-a', () => true);
    SERVICE_CATALOG['probe-b'] = async () => probeService('probe-b', () => bHealthy);
    const env = { ...process.env, REDIS_PREFIX: testRedis.prefix, LOG_LEVEL: 'silent' };
    const platform = await startServices(['probe-a', 'probe-b'], { env, heartbeatIntervalMs: 50 });

    let seen = await readHeartbeats(testRedis.redis, testRedis.prefix);
    expect(seen.map((item) => [item.service, item.status])).toEqual([
      ['probe-a', 'ok'],
      ['probe-b', 'ok'],
    ]);
    expect(seen[0]?.endpoints).toEqual({ probe: 'test://probe-a' });
    expect(seen[0]?.details).toEqual({ jobs: 3 });

    bHealthy = false;
    await expect
      .poll(async () => {
        seen = await readHeartbeats(testRedis.redis, testRedis.prefix);
        return seen.find((item) => item.service === 'probe-b')?.status;
      })
      .toBe('down');

    await platform.close();
    await platform.close();
    expect(events).toEqual(['start probe-a', 'start probe-b', 'close probe-b', 'close probe-a']);
    expect(await readHeartbeats(testRedis.redis, testRedis.prefix)).toEqual([]);
  });

  it('close waits for a heartbeat in progress, so a stopped instance never shows again', async () => {
    // The health check in progress finishes just after the service is closed (or after 150 ms at
    // the latest): without waiting, its write would land after close() removed the heartbeat.
    let slowHealth = false;
    let healthCalled: () => void = () => {};
    let finishHealth: () => void = () => {};
    SERVICE_CATALOG['probe-a'] = async () => ({
      name: 'probe-a',
      description: 'test probe with a slow health check',
      async start() {
        return {
          endpoints: {},
          health: async () => {
            if (!slowHealth) return { status: 'ok' };
            healthCalled();
            await new Promise<void>((resolve) => {
              finishHealth = resolve;
              setTimeout(resolve, 150);
            });
            return { status: 'ok' };
          },
          close: async () => {
            setTimeout(() => finishHealth(), 0);
          },
        };
      },
    });
    const env = { ...process.env, REDIS_PREFIX: testRedis.prefix, LOG_LEVEL: 'silent' };
    const platform = await startServices(['probe-a'], { env, heartbeatIntervalMs: 20 });
    slowHealth = true;
    await new Promise<void>((resolve) => {
      healthCalled = resolve;
    });
    await platform.close();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await readHeartbeats(testRedis.redis, testRedis.prefix)).toEqual([]);
  });

  it('refuses an unknown service and starts nothing', async () => {
    const env = { ...process.env, REDIS_PREFIX: testRedis.prefix, LOG_LEVEL: 'silent' };
    await expect(startServices(['no-such-service'], { env })).rejects.toThrow(
      /unknown service "no-such-service"/,
    );
  });
});

describe('default services', () => {
  it('leaves out the IVR until Asterisk credentials are set, and starts everything else', async () => {
    const { defaultServices, serviceNames } = await import('../catalog.ts');
    const without = defaultServices({});
    expect(without.skipped.map(([name]) => name)).toEqual(['ivr']);
    expect(without.start).toEqual(serviceNames().filter((name) => name !== 'ivr'));
    expect(defaultServices({ ARI_PASSWORD: 'secret' }).start).toContain('ivr');
  });
});
