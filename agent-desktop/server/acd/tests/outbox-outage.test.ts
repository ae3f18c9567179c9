import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../../../core/db/index.ts';
import { StoppablePostgres } from '../../../../core/testing/stoppable-postgres.ts';
import { OutboxWriter } from '../db/outbox-writer.ts';
import { createHarness, type Harness, ixId } from './harness.ts';

// The ACD keeps working in Redis while PostgreSQL is down; its outbox must keep the records
// (not dead-letter them) and write them, in order, once PostgreSQL is back.
let h: Harness;
let pg: StoppablePostgres;
let pool: Pool;

beforeAll(async () => {
  pg = await StoppablePostgres.create();
  pool = createPool(pg.url, { max: 4 });
  h = await createHarness();
  await h.acd.defineQueue({ name: 'households', media: 'voice' });
}, 120_000);
afterAll(async () => {
  await h?.cleanup();
  await pool?.end().catch(() => {});
  await pg?.destroy();
});

describe('ACD outbox writer while PostgreSQL is down', () => {
  it('keeps the records pending, writes none to dead letters, and writes them all once PostgreSQL is back', async () => {
    const writer = new OutboxWriter(h.redis.redis, pool, h.acd.keys);
    const before = ixId();
    await h.acd.enqueue({ id: before, queue: 'households', channel: 'phone', topics: ['balance'] });
    expect(await writer.drain()).toBeGreaterThan(0);

    await pg.crash();
    const during = ixId();
    await h.acd.enqueue({ id: during, queue: 'households', channel: 'phone', topics: ['outage'] });
    await h.acd.cancel(before);
    await expect(writer.drainOnce()).rejects.toThrow();
    await expect(writer.drainOnce()).rejects.toThrow(); // still down: the same records again
    expect(await h.redis.redis.xlen(`${h.acd.keys.base}outdead`)).toBe(0);

    await pg.start();
    expect(await writer.drain()).toBeGreaterThanOrEqual(2);
    const { rows } = await pool.query<{ id: string; state: string; closed_at: Date | null }>(
      'select id, state, closed_at from interactions where id = any($1::uuid[]) order by started_at',
      [[before, during]],
    );
    expect(rows.map((row) => row.id).sort()).toEqual([before, during].sort());
    expect(rows.find((row) => row.id === during)?.state).toBe('queued');
    expect(rows.find((row) => row.id === before)?.state).toBe('abandoned');
    const events = await pool.query<{ n: number }>(
      `select count(*)::int as n from interaction_events where interaction_id = $1 and kind = 'acd_enqueued'`,
      [during],
    );
    expect(events.rows[0]!.n).toBe(1); // written once, not once per retry
    expect(await h.redis.redis.xlen(h.acd.keys.outbox)).toBe(0);
  }, 120_000);
});
