import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../logging/index.ts';
import { openRedis, reportOutages } from '../redis-connection.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('openRedis', () => {
  it('reports an unreachable Redis as a throttled warning without the URL, and keeps reconnecting', async () => {
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const port = await closedPort();
    const redis = openRedis(`redis://:secret-password@127.0.0.1:${port}`, {
      role: 'test-connection',
      logger,
      redis: { retryStrategy: () => 20 },
    });
    try {
      await expect.poll(() => redis.status === 'reconnecting' || redis.status === 'connecting').toBe(true);
      // Several failed reconnects (every 20 ms) within the report interval: one warning.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(warnings).toHaveLength(1);
      const [fields, message] = warnings[0] as [Record<string, unknown>, string];
      expect(message).toBe('Redis unreachable; reconnecting');
      expect(fields).toMatchObject({ connection: 'test-connection', code: 'ECONNREFUSED' });
      expect(JSON.stringify(fields)).not.toContain('secret-password');
      expect(redis.status).not.toBe('end');
    } finally {
      redis.disconnect();
    }
  });

  it('reports the outages of a duplicated connection (listeners are not copied) under its own role', async () => {
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const port = await closedPort();
    const original = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => 20 });
    const duplicate = reportOutages(original.duplicate({ lazyConnect: false }), {
      role: 'duplicate',
      logger,
    });
    try {
      await expect.poll(() => warnings.length).toBe(1);
      expect(warnings[0]?.[0]).toMatchObject({ connection: 'duplicate', code: 'ECONNREFUSED' });
    } finally {
      duplicate.disconnect();
      original.disconnect();
    }
  });
});
