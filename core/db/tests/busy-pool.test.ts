import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { createPool } from '../pool.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

/**
 * The connect timeout bounds opening a connection, not waiting for a free one: a query queued
 * behind a busy pool for longer than the timeout runs when a client is free. Failing it as
 * "unavailable" made the IVR under full load journal every write as if PostgreSQL were gone.
 */
describe('a busy pool', () => {
  it('queues a query longer than the connect timeout and runs it, no "unavailable" error', async () => {
    const pool = createPool(db.url, { max: 1, connectTimeoutMs: 300 });
    try {
      const busy = pool.query('select pg_sleep(0.9)');
      const started = Date.now();
      const queued = await pool.query('select 1 as one');
      expect(queued.rows[0]).toEqual({ one: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(600); // it waited past the timeout
      await busy;
    } finally {
      await pool.end();
    }
  });
});
