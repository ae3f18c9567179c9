import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';

/**
 * Migration 0016: each supervision report predicate (agent-desktop/server/supervision/db) can be
 * served by its index. Sequential scans are priced out so the plan shows which index the
 * predicate can use at all; whether the planner prefers it on real volumes was checked with
 * EXPLAIN ANALYZE on a 100k-account database with a synthetic year of history (commit 4a9c2da).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

async function indexesUsed(sql: string, params: unknown[]): Promise<string[]> {
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    const { rows } = await client.query(`explain (format json) ${sql}`, params);
    await client.query('rollback');
    return [...JSON.stringify(rows[0]['QUERY PLAN']).matchAll(/"Index Name":"([a-z_]+)"/g)].map((m) => m[1]!);
  } finally {
    client.release();
  }
}

const period = [new Date('2026-10-01T00:00:00+07:00'), new Date('2026-11-01T00:00:00+07:00')];

describe('report indexes (0016)', () => {
  it('events of one kind in a period: SLA, offers by queue', async () => {
    const used = await indexesUsed(
      `select count(*) from interaction_events e
        where e.kind in ('acd_answered', 'acd_withdrawn') and e.at >= $1 and e.at < $2`,
      period,
    );
    expect(used).toContain('interaction_events_kind_at_idx');
  });

  it('calls by arrival in the queue: abandoned calls, calls by hour and queue', async () => {
    const used = await indexesUsed(
      `select count(*) from interactions i where i.channel = 'phone' and i.queued_at >= $1 and i.queued_at < $2`,
      period,
    );
    expect(used).toContain('interactions_queued_idx');
  });

  it('appeals registered in a period, and appeals due in it (closed ones too)', async () => {
    expect(
      await indexesUsed(
        'select count(*) from appeals where registered_at >= $1 and registered_at < $2',
        period,
      ),
    ).toContain('appeals_registered_idx');
    expect(
      await indexesUsed('select count(*) from appeals where deadline_at >= $1 and deadline_at < $2', period),
    ).toContain('appeals_deadline_idx');
  });
});
