import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';

const HOTLINE = join(import.meta.dirname, '../../../bin/hotline.mjs');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

function hotline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HOTLINE, ...args],
      { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Each run starts a Node process with tsx; give a loaded machine room.
describe('hotline seed', { timeout: 60_000 }, () => {
  it('seeds a test database, prints the figures and the demo logins once', async () => {
    const run = await hotline('seed', '--accounts', '60', '--seed', '3', '--as-of', '2026-11-27');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/accounts\s+60 rows/);
    expect(run.stdout).toMatch(/seeded 60 accounts \(seed 3, as of 2026-11-27\)/);
    expect(run.stdout).toContain('operator1    operator1-demo');
    expect(run.stdout).toContain('supervisor   supervisor-demo');
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from accounts');
    expect(rows[0]!.n).toBe(60);
  });

  it('--if-empty does nothing on a seeded database (and prints no passwords)', async () => {
    const run = await hotline('seed', '--accounts', '10', '--if-empty');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo data not seeded: the database already has 60 account(s)');
    expect(run.stdout).not.toContain('-demo');
  });

  it('refuses to seed a database that has accounts, and bad arguments, with a clear message', async () => {
    const again = await hotline('seed', '--accounts', '10');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has 60 account\(s\).*--if-empty/s);
    const notNumber = await hotline('seed', '--accounts', 'many');
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('--accounts must be a whole number, got "many"');
    const badDate = await hotline('seed', '--accounts', '10', '--as-of', '2026-13-01');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of');
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from accounts');
    expect(rows[0]!.n).toBe(60);
  });
});
