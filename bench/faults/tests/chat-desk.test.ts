import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acdKeys, OutboxWriter } from '../../../agent-desktop/server/acd/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../core/testing/redis.ts';
import { countChatAssignments, startChatDesk } from '../chat-desk.ts';

let db: TestDatabase;
let redis: TestRedis;
beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

describe('faults bench: chat operators in the double-assignment check', () => {
  it('operators take chats through the ACD within their limit; the check finds none over it', async () => {
    const outbox = new OutboxWriter(redis.redis, db.pool, acdKeys(redis.prefix));
    const desk = await startChatDesk(db.pool, redis.redis, redis.prefix, {
      operators: 2,
      capacity: 2,
      chatsPerSecond: 10,
      chatMs: 300,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    desk.stopFeeding();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const stats = await desk.stop();
    await outbox.drain();
    const counts = await countChatAssignments(db.pool);
    expect(stats.accepted).toBeGreaterThan(4);
    expect(counts.chats_answered_by_operators).toBe(stats.accepted);
    expect(counts).toMatchObject({ chat_operators_over_limit: 0, chats_answered_twice: 0 });
  });

  it('counts an operator holding more chats than the limit, and a chat answered twice', async () => {
    const before = await countChatAssignments(db.pool);
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into users (login, full_name, password_hash, roles, chat_capacity)
       values ('limit1', 'Оператор', 'x', array['operator'], 1) returning id::text`,
    );
    const agent = rows[0]!.id;
    const chat = (answered: string, ended: string) =>
      db.pool.query(
        `insert into interactions (id, channel, state, started_at, agent_id, answered_at, wrap_up_ended_at, closed_at)
         values ($1, 'web_chat', 'closed', $2, $3, $2, $4, $4)`,
        [randomUUID(), answered, agent, ended],
      );
    await chat('2026-11-27T03:00:00Z', '2026-11-27T03:10:00Z');
    await chat('2026-11-27T03:01:00Z', '2026-11-27T03:05:00Z'); // a second chat above the limit of 1
    await chat('2026-11-27T03:10:00Z', '2026-11-27T03:12:00Z'); // the first had ended: fine
    const twice = randomUUID();
    await db.pool.query(
      `insert into interactions (id, channel, state, started_at) values ($1, 'web_chat', 'connected', now())`,
      [twice],
    );
    for (let i = 0; i < 2; i++) {
      await db.pool.query(
        `insert into interaction_events (interaction_id, at, kind, agent_id) values ($1, now(), 'acd_answered', $2)`,
        [twice, agent],
      );
    }
    const after = await countChatAssignments(db.pool);
    expect(after.chat_operators_over_limit - before.chat_operators_over_limit).toBe(1);
    expect(after.chats_answered_twice - before.chats_answered_twice).toBe(1);
  });
});
