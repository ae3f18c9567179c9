import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { saveQueue, saveSkills } from '../db/definitions.ts';
import { OutboxWriter } from '../db/outbox-writer.ts';
import { needsRecovery, recoverFromDatabase } from '../db/recovery.ts';
import { createHarness, type Harness, ixId } from './harness.ts';

let h: Harness;
let db: TestDatabase;
let writer: OutboxWriter;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness();
  writer = new OutboxWriter(h.redis.redis, db.pool, h.acd.keys);
  for (const id of [1, 2]) {
    await db.pool.query(
      `insert into users (id, login, full_name, password_hash, roles) values ($1, $2, 'Оператор', 'x', '{operator}')`,
      [id, `op${id}`],
    );
  }
  for (const q of [
    { name: 'reserve', media: 'voice' as const },
    { name: 'households', media: 'voice' as const, overflowTo: 'reserve', overflowAfterMs: 60_000 },
  ]) {
    await saveQueue(db.pool, q);
    await h.acd.defineQueue(q);
  }
  await saveSkills(db.pool, '1', [{ queue: 'households', level: 5 }]);
});
afterAll(async () => {
  await h?.cleanup();
  await db?.drop();
});

async function flushPrefix() {
  const redis = h.redis.redis;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${h.redis.prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

describe('PostgreSQL keeps every transition; Redis can be rebuilt from it', () => {
  it('writes stage times and events in batches', async () => {
    await h.acd.login({ agentId: '1', skills: [{ queue: 'households' }], state: 'ready' });
    const id = ixId();
    await h.acd.enqueue({ id, queue: 'households', channel: 'phone', topics: ['balance'] });
    h.clock.advance(4_000);
    await h.acd.accept(id, '1');
    h.clock.advance(60_000);
    await h.acd.finish(id, '1');
    h.clock.advance(20_000);
    await h.acd.endWrapUp(id, '1');
    expect(await writer.drain()).toBe(5);
    const { rows } = await db.pool.query('select * from interactions where id = $1', [id]);
    expect(rows[0]).toMatchObject({
      state: 'closed',
      queue: 'households',
      agent_id: 1,
      topics: ['balance'],
      acd_seq: 5,
    });
    expect(rows[0].answered_at.getTime() - rows[0].queued_at.getTime()).toBe(4_000);
    expect(rows[0].talk_ended_at.getTime() - rows[0].answered_at.getTime()).toBe(60_000);
    expect(rows[0].wrap_up_ended_at.getTime() - rows[0].talk_ended_at.getTime()).toBe(20_000);
    const events = await db.pool.query(
      'select kind from interaction_events where interaction_id = $1 order by id',
      [id],
    );
    expect(events.rows.map((r) => r.kind)).toEqual([
      'acd_enqueued',
      'acd_offered',
      'acd_answered',
      'acd_wrap_up',
      'acd_closed',
    ]);
    await h.acd.setState({ agentId: '1', state: 'offline' });
  });

  it('rebuilds the waiting interactions in their original order after Redis lost everything', async () => {
    const ids = Array.from({ length: 6 }, ixId);
    const priorities = [0, 3, 0, 3, 0, 0];
    for (const [i, id] of ids.entries()) {
      await h.acd.enqueue({
        id,
        queue: 'households',
        channel: 'phone',
        topics: i === 5 ? ['outage', 'balance'] : [],
        priority: priorities[i]!,
      });
      h.clock.advance(1_000);
    }
    await h.acd.requestCallback(ids[2]!);
    // One was answered (not waiting any more), one abandoned, one is being offered when Redis dies.
    await h.acd.setState({ agentId: '1', state: 'ready' }); // takes ids[1] (priority 3, earliest)
    await h.acd.accept(ids[1]!, '1');
    await h.acd.cancel(ids[4]!);
    h.clock.advance(70_000); // the rest overflow to reserve, keeping their original times
    await h.acd.processTimers();
    expect(await h.acd.waiting('households')).toEqual([]);
    expect(await h.acd.waiting('reserve')).toEqual([ids[3], ids[0], ids[2], ids[5]]);
    await h.acd.login({ agentId: '2', skills: [{ queue: 'reserve' }], state: 'ready' }); // offered ids[3]
    expect(await h.acd.interaction(ids[3]!)).toMatchObject({ st: 'offered', ag: '2' });
    await writer.drain();

    await flushPrefix();
    expect(await needsRecovery(h.acd)).toBe(true);
    const result = await recoverFromDatabase(h.acd, db.pool);
    expect(result).toEqual({ queues: 2, restored: 4 });
    expect(await needsRecovery(h.acd)).toBe(false);

    // The offered one (priority 3) first, then the rest in original enqueue order.
    expect(await h.acd.waiting('reserve')).toEqual([ids[3], ids[0], ids[2], ids[5]]);
    expect(await h.acd.waiting('households')).toEqual([]);
    expect(await h.acd.interaction(ids[2]!)).toMatchObject({ cb: '1' });
    expect(await h.acd.interaction(ids[5]!)).toMatchObject({ ch: 'phone', tp: 'outage,balance' });
    expect(await h.acd.interaction(ids[1]!)).toBeNull();

    // Operators log in again and work continues; PostgreSQL keeps taking the newer versions.
    await h.acd.login({ agentId: '2', skills: [{ queue: 'reserve' }], state: 'ready' });
    expect((await h.acd.interaction(ids[3]!))?.ag).toBe('2');
    await writer.drain();
    const { rows } = await db.pool.query('select state, agent_id from interactions where id = $1', [ids[3]]);
    expect(rows[0]).toEqual({ state: 'offered', agent_id: 2 });
    const restored = await db.pool.query(
      "select count(*)::int as n from interaction_events where kind = 'acd_restored'",
    );
    expect(restored.rows[0].n).toBe(4);
  });

  it('a record PostgreSQL refuses goes to the dead-letter stream, the rest are written', async () => {
    await h.acd.login({ agentId: '77', skills: [{ queue: 'reserve' }], state: 'ready' }); // not a users row
    await h.acd.enqueue({ id: ixId(), queue: 'households', channel: 'phone' });
    const before = await db.pool.query('select count(*)::int as n from interaction_events');
    await writer.drain();
    const dead = await h.redis.redis.xlen(`${h.acd.keys.base}outdead`);
    expect(dead).toBeGreaterThan(0);
    const after = await db.pool.query('select count(*)::int as n from interaction_events');
    expect(after.rows[0].n).toBeGreaterThan(before.rows[0].n);
    expect(await h.redis.redis.xlen(h.acd.keys.outbox)).toBe(0);
  });
});
