import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppealService } from '../../core/appeals/index.ts';
import { createInteractionService, type InteractionService } from '../../core/interactions/index.ts';
import { createLogger } from '../../core/logging/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { durableInteractions } from '../db/durable-interactions.ts';
import { IvrJournal } from '../db/journal.ts';
import { JournalReplayer } from '../db/replay.ts';

/**
 * The fault run's call without a row: the open of a call failed with an error not classed
 * "unavailable" (pg words a broken connection its own way right after a restart) and was lost.
 * Every failed open of a call with an id must reach the journal, so the replay writes the row.
 */
let db: TestDatabase;
let redis: TestRedis;
const logger = createLogger({ name: 'test', level: 'silent' });
const clock = new ManualClock(new Date('2026-11-27T03:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

/** The core service whose next open fails once as pg fails on a connection cut mid-answer. */
function failingOnce(error: Error): InteractionService {
  const core = createInteractionService({ pool: db.pool, clock });
  let failed = false;
  return {
    ...core,
    async open(input) {
      if (!failed) {
        failed = true;
        throw error;
      }
      return core.open(input);
    },
  };
}

describe('IVR open of a call', () => {
  it('journals an open PostgreSQL failed for an unclassified reason; the replay writes the row once', async () => {
    const journal = new IvrJournal(redis.redis, `${redis.prefix}:unclassified`);
    const driverError = new Error('Received unexpected commandComplete message from backend.');
    const interactions = durableInteractions(
      failingOnce(driverError),
      createAppealService({ pool: db.pool, clock, timeZone: 'Asia/Krasnoyarsk' }),
      journal,
      clock,
    );
    const ix = randomUUID();
    const opened = await interactions.open({
      id: ix,
      channel: 'phone',
      externalId: `chan-${ix}`,
      contact: null,
    });
    expect(opened.id).toBe(ix);
    expect(journal.holds(ix)).toBe(true);
    // The robot's close follows the open through the journal, in order.
    await interactions.closeSelfServed(ix, 'self_served');
    expect(await journal.backlog()).toBe(2);
    const replayer = new JournalReplayer({
      redis: redis.redis,
      pool: db.pool,
      journal,
      logger,
      timeZone: 'Asia/Krasnoyarsk',
      owner: 'test',
    });
    expect(await replayer.drain()).toBe(2);
    const { rows } = await db.pool.query(
      'select state, outcome, external_id from interactions where id = $1',
      [ix],
    );
    expect(rows).toEqual([{ state: 'closed', outcome: 'self_served', external_id: `chan-${ix}` }]);
    expect(await redis.redis.xlen(journal.deadKey)).toBe(0);
  });

  it('still opens directly when PostgreSQL answers', async () => {
    const journal = new IvrJournal(redis.redis, `${redis.prefix}:direct`);
    const interactions = durableInteractions(
      createInteractionService({ pool: db.pool, clock }),
      createAppealService({ pool: db.pool, clock, timeZone: 'Asia/Krasnoyarsk' }),
      journal,
      clock,
    );
    const ix = randomUUID();
    await interactions.open({ id: ix, channel: 'phone', externalId: `chan-${ix}`, contact: null });
    expect(await journal.backlog()).toBe(0);
    expect(journal.holds(ix)).toBe(false);
    const { rows } = await db.pool.query('select state from interactions where id = $1', [ix]);
    expect(rows).toEqual([{ state: 'self_service' }]);
  });
});
