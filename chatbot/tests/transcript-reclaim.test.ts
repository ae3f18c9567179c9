import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { chatKeys } from '../dialog/keys.ts';
import { TranscriptWriter } from '../dialog/transcript.ts';

let db: TestDatabase;
let redis: TestRedis;
beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

/**
 * A chatbot instance killed after it read transcript lines but before it stored them leaves them
 * pending under its own consumer name. A writer that was already running when that happened must
 * take them over (seen in bench/faults: the killed instance's lines stayed in Redis until some
 * writer restarted a minute later).
 */
it("a running writer takes over a dead instance's unacknowledged lines", async () => {
  const keys = chatKeys(redis.prefix);
  const interactionId = randomUUID();
  await db.pool.query(
    `insert into interactions (id, channel, state, started_at) values ($1, 'web_chat', 'self_service', now())`,
    [interactionId],
  );
  const live = new TranscriptWriter(
    redis.redis,
    db.pool,
    keys,
    createLogger({ name: 't', level: 'silent' }),
    {
      consumer: 'live',
      reclaimIdleMs: 300,
      reclaimEveryMs: 200,
    },
  );
  await live.start(); // the group exists; the live writer has done its start-up reclaim
  await new Promise((resolve) => setTimeout(resolve, 100));
  // The instance that dies: reads a line and never acknowledges it.
  const line = { interactionId, at: Date.now(), from: 'client', text: 'Как оплатить без комиссии?' };
  await redis.redis.xadd(keys.transcript, '*', 'l', JSON.stringify([line]));
  const taken = await redis.redis.xreadgroup(
    'GROUP',
    'pg',
    'dead',
    'COUNT',
    10,
    'STREAMS',
    keys.transcript,
    '>',
  );
  expect(taken).not.toBeNull();

  const stored = async () =>
    (
      await db.pool.query(
        `select data->>'text' as text from interaction_events where interaction_id = $1 and kind = 'chat.message'`,
        [interactionId],
      )
    ).rows;
  await expect.poll(stored, { timeout: 5_000 }).toEqual([{ text: line.text }]);
  await live.stop();
  // Acknowledged and deleted once stored: nothing is written twice.
  expect(await redis.redis.xlen(keys.transcript)).toBe(0);
  expect(await stored()).toHaveLength(1);
});
