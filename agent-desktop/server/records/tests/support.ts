import type { Server } from 'node:http';
import { expect } from 'vitest';
import { fillBillingFixture } from '../../../../core/billing/tests/fixtures.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { buildDesktop, type Desktop } from '../../desktop.ts';
import { Browser, createUser, listen } from '../../tests/helpers.ts';

/** Friday 27 November 2026, 19:00 in Krasnoyarsk (HOTLINE_TZ default): after hours, before a weekend. */
export const FRIDAY_EVENING = '2026-11-27T12:00:00Z';
/** A conversation of client 1 (Иванов, account 1 of core/billing's fixture). */
export const CALL_ID = '3f0c6a52-8a0e-4c43-9a31-2c3b7e0f5a11';

export interface RecordsWorld {
  db: TestDatabase;
  redis: TestRedis;
  clock: ManualClock;
  desktop: Desktop;
  base: string;
  server: Server;
  signIn(login: string): Promise<Browser>;
  close(): Promise<void>;
}

/** The desktop over core/billing's test fixture (accounts 1–3), a past call and a recording. */
export async function startRecordsWorld(env: Record<string, string> = {}): Promise<RecordsWorld> {
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const clock = new ManualClock(FRIDAY_EVENING);
  await fillBillingFixture(db.pool);
  await db.pool.query(
    `insert into interactions (id, channel, client_id, account_id, contact, topics, state, outcome, started_at)
     values ($1, 'phone', 1, 1, '+79131234567', '{balance}', 'closed', 'resolved', '2026-11-20T03:00:00Z')`,
    [CALL_ID],
  );
  await db.pool.query(
    `insert into recordings (id, source_name, storage_key, format, size_bytes, sha256, interaction_id, account_id,
       started_at, duration_ms, ingested_at)
     values ($1, 'call-1', 'k/1.wav', 'wav', 1000, $2, $3, 1, '2026-11-20T03:00:05Z', 95000, '2026-11-20T03:10:00Z')`,
    [`rec_${'a'.repeat(32)}`, 'b'.repeat(64), CALL_ID],
  );
  const desktop = buildDesktop(
    testServiceContext({ db, redis, clock, env: { LOGIN_RATE_PER_MINUTE: '1000', ...env } }),
  );
  const { base, server } = await listen(desktop.app);
  return {
    db,
    redis,
    clock,
    desktop,
    base,
    server,
    async signIn(login) {
      const browser = new Browser(base);
      expect((await browser.login(login)).status).toBe(200);
      return browser;
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await redis.cleanup();
      await db.drop();
    },
  };
}

export { createUser };

// biome-ignore lint/suspicious/noExplicitAny: assertions read the API's JSON as it comes
export async function json(response: Response): Promise<{ status: number; body: any }> {
  return { status: response.status, body: await response.json() };
}

export interface AuditRow {
  action: string;
  subject_type: string;
  subject_id: string | null;
  client_id: number | null;
  details: Record<string, unknown>;
}

export async function auditActions(world: RecordsWorld, userId: number): Promise<AuditRow[]> {
  const { rows } = await world.db.pool.query<AuditRow>(
    'select action, subject_type, subject_id, client_id, details from audit_log where user_id = $1 order by id',
    [userId],
  );
  return rows;
}
