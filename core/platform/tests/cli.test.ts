import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../testing/redis.ts';

const ROOT = join(import.meta.dirname, '../../..');
let db: TestDatabase;
let redis: TestRedis;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  const work = await mkdtemp(join(tmpdir(), 'hotline-cli-'));
  env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    LOG_LEVEL: 'warn',
    BILLING_GRPC_PORT: '0',
    ACD_GRPC_PORT: '0',
    DESKTOP_PORT: '0',
    RECORDINGS_DIR: join(work, 'store'),
    ASTERISK_SPOOL_DIR: join(work, 'spool'),
  };
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/hotline.mjs', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function waitForOutput(child: ChildProcess, text: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms; got: ${seen}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.on('exit', () => reject(new Error(`exited before "${text}": ${seen}`)));
  });
}

describe('hotline start / status', () => {
  it('starts services as one process, reports their health, and stops cleanly on SIGTERM', {
    timeout: 90_000,
  }, async () => {
    const child = spawn(
      process.execPath,
      ['bin/hotline.mjs', 'start', 'billing', 'acd', 'desktop', 'recordings'],
      {
        cwd: ROOT,
        env,
      },
    );
    try {
      const banner = await waitForOutput(child, 'hotline is running');
      expect(banner).toMatch(/✓ billing {2}grpc grpc:\/\/127\.0\.0\.1:\d+/);
      expect(banner).toMatch(/✓ acd {2}grpc grpc:\/\/127\.0\.0\.1:\d+/);
      expect(banner).toMatch(/✓ desktop {2}http http:\/\/127\.0\.0\.1:\d+\//);
      expect(banner).toContain('✓ recordings');

      const status = await run(['status', '--json']);
      expect(status.code).toBe(0);
      const report = JSON.parse(status.stdout) as { instances: Array<{ service: string; status: string }> };
      expect(report.instances.map((item) => [item.service, item.status])).toEqual([
        ['acd', 'ok'],
        ['billing', 'ok'],
        ['desktop', 'ok'],
        ['recordings', 'ok'],
      ]);
      const text = await run(['status']);
      expect(text.stdout).toMatch(/^billing\s+ok\s+/m);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const after = await run(['status', '--json']);
    expect((JSON.parse(after.stdout) as { instances: unknown[] }).instances).toEqual([]);
  });

  it('refuses an unknown service with a clear message', { timeout: 60_000 }, async () => {
    const result = await run(['start', 'teleport']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown service(s): teleport');
  });

  it('names every bad configuration value', { timeout: 60_000 }, async () => {
    const saved = env;
    env = { ...env, DESKTOP_PORT: '99999', REDIS_PREFIX: 'bad prefix!' };
    try {
      const result = await run(['start', 'desktop']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('REDIS_PREFIX');
    } finally {
      env = saved;
    }
  });
});
