import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Acd, acdKeys, acdWorkingTime, OutboxWriter } from '../../../agent-desktop/server/acd/index.ts';
import { createWorkingTime } from '../../../core/calendar/index.ts';
import { systemClock } from '../../../core/lifecycle/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../core/testing/redis.ts';
import { countChatAssignments, countVoiceOverlaps } from '../assignments.ts';
import { startChatDesk } from '../chat-desk.ts';
import { keepVoiceOperatorsReady } from '../operators.ts';

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
  it('voice overlaps count phone talks only (chats overlap by design)', async () => {
    expect(await countVoiceOverlaps(db.pool)).toBe(0); // the chats above overlap, within their limit
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into users (login, full_name, password_hash, roles) values ('voice1', 'Оператор', 'x', array['operator'])
       returning id::text`,
    );
    for (const [answered, ended] of [
      ['2026-11-27T04:00:00Z', '2026-11-27T04:05:00Z'],
      ['2026-11-27T04:04:00Z', '2026-11-27T04:06:00Z'],
    ]) {
      await db.pool.query(
        `insert into interactions (id, channel, state, started_at, agent_id, answered_at, talk_ended_at)
         values ($1, 'phone', 'wrap_up', $2, $3, $2, $4)`,
        [randomUUID(), answered, rows[0]!.id, ended],
      );
    }
    expect(await countVoiceOverlaps(db.pool)).toBe(1);
  });

  it('a voice operator made not ready by a missed offer is ready again, and counted', async () => {
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into users (login, full_name, password_hash, roles, sip_endpoint)
       values ('bench1', 'Оператор 1', 'x', array['operator'], 'PJSIP/bench1') returning id::text`,
    );
    const agentId = rows[0]!.id;
    const acd = new Acd({
      redis: redis.redis,
      prefix: redis.prefix,
      clock: systemClock,
      workingTime: acdWorkingTime(createWorkingTime({ clock: systemClock, timeZone: 'Asia/Krasnoyarsk' })),
    });
    await acd.defineQueue({ name: 'voice_faults', media: 'voice', topics: [] });
    await acd.login({
      agentId,
      skills: [{ queue: 'voice_faults', level: 5 }],
      state: 'not_ready',
      reason: 'missed_offer',
    });
    const keeper = keepVoiceOperatorsReady(db.pool, redis.redis, redis.prefix);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(keeper.stop()).toBe(1);
    expect((await acd.agent(agentId))?.p).toBe('ready');
  });
});
