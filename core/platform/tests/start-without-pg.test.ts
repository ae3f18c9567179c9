import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../e2e/processes.ts';
import { createTestRedis, type TestRedis } from '../../testing/redis.ts';
import { StoppablePostgres } from '../../testing/stoppable-postgres.ts';
import { type ServiceFleet, startServiceFleet } from './service-fleet.ts';

/**
 * A service restarted while PostgreSQL is away (a host reboot where the database comes up last,
 * or systemd restarting a unit during an outage) starts all the same — on the shipped calendar —
 * reports `degraded`, and becomes `ok` once PostgreSQL is there, without a restart of its own.
 * Exiting instead would make every unit crash-loop until the database is back.
 */
describe('services started while PostgreSQL is down', () => {
  let server: StoppablePostgres;
  let redis: TestRedis;
  let dir: string;
  let fleet: ServiceFleet | undefined;

  beforeAll(async () => {
    [server, redis] = await Promise.all([StoppablePostgres.create(), createTestRedis()]);
    dir = mkdtempSync(join(tmpdir(), 'hotline-start-without-pg-'));
    await server.crash();
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    await server?.destroy();
    await redis?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('they start, report degraded, and are ok once it is back', async () => {
    fleet = await startServiceFleet(server.url, redis, dir, {
      dialer: { DIALER_TICK_MS: '1000' },
      desktop: { DESKTOP_PORT: String(await freePort()), DESKTOP_HOST: '127.0.0.1' },
    });
    const statuses = async () => Object.values(await fleet!.statuses());

    await expect
      .poll(async () => (await statuses()).map((health) => health?.status), { timeout: 30_000 })
      .toEqual(['degraded', 'degraded']);
    for (const health of await statuses()) expect(health?.details).toMatchObject({ database: 'unavailable' });

    await server.start();
    await expect
      .poll(async () => (await statuses()).map((health) => health?.status), { timeout: 30_000 })
      .toEqual(['ok', 'ok']);
    expect(fleet.exits).toEqual([]);
  }, 300_000);
});
