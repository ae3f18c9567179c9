import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../db/index.ts';
import { createLogger } from '../../logging/index.ts';
import { ManualClock } from '../../testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../testing/redis.ts';
import {
  AppealDeliveryQueue,
  type AppealSender,
  appealDeliveryJobId,
  appealDeliveryQueueName,
  findDelivery,
  startAppealDeliveryWorkers,
} from '../delivery/index.ts';

/**
 * Appeal answers sent while PostgreSQL is away: the job waits (no try spent) instead of failing
 * for good after its 5 tries, and a send that reached the gateway is recorded, never repeated.
 * The pool is the real one behind a switch that answers as a stopped server does (ECONNREFUSED).
 */
let db: TestDatabase;
let redis: TestRedis;
let down = false;
let pool: Pool;
const clock = new ManualClock('2026-12-02T05:00:00Z');
const sent: string[] = [];
let onSend: () => void = () => {};

const sender: AppealSender = {
  channel: 'email',
  async send(delivery) {
    sent.push(delivery.body);
    onSend();
    return { ok: true, ref: `mail-${sent.length}` };
  },
};

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  const refused = () =>
    Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
  pool = new Proxy(db.pool, {
    get(target, prop) {
      if (down && (prop === 'query' || prop === 'connect')) return refused;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

async function queuedDelivery(body: string): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>(
    `with a as (insert into appeals (reg_number, channel, kind, description, state, registered_at, deadline_at)
                values ($1, 'email', 'simple', 'Вопрос', 'answered', $2, $2) returning id),
          e as (insert into appeal_events (appeal_id, at, state) select id, $2, 'answered' from a returning id, appeal_id)
     insert into appeal_deliveries (appeal_id, stage_event_id, purpose, channel, address, title, body, status,
                                    created_at, updated_at)
     select appeal_id, id, 'answer', 'email', 'client@example.ru', 'Ответ', $3, 'queued', $2, $2 from e
     returning id`,
    [`A-${body}`, clock.now(), body],
  );
  return Number(rows[0]!.id);
}

async function run<T>(work: (queue: AppealDeliveryQueue) => Promise<T>): Promise<T> {
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  // Two tries of 50 ms: an outage spending tries would fail the delivery within a second.
  const queue = new AppealDeliveryQueue(connection, redis.prefix, { attempts: 2, backoffMs: 50 });
  const workers = startAppealDeliveryWorkers({
    pool,
    clock,
    logger: createLogger({ name: 'appeal-delivery-outage-test', level: 'silent' }),
    connection,
    prefix: redis.prefix,
    senders: [sender],
    sweepEveryMs: 3_600_000,
  });
  try {
    return await work(queue);
  } finally {
    await workers.close();
    await queue.close();
  }
}

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function answerEvents(deliveryId: number): Promise<string[]> {
  const { rows } = await db.pool.query(
    `select data->>'action' as action from appeal_events where (data->>'deliveryId')::bigint = $1 order by id`,
    [deliveryId],
  );
  return rows.map((row) => row.action);
}

describe('appeal delivery while PostgreSQL is down', () => {
  it('an outage is not a try: the job waits past its tries, then the answer goes once', async () => {
    const id = await queuedDelivery('first');
    const jobs = new Queue(appealDeliveryQueueName('email'), {
      connection: { url: redis.url },
      prefix: redis.prefix,
    });
    try {
      await run(async (queue) => {
        down = true;
        await queue.enqueue([{ id, channel: 'email', round: 1 }]);
        const job = await until(async () => {
          const found = await jobs.getJob(appealDeliveryJobId(id, 1));
          return found && found.attemptsStarted >= 3 && found;
        });
        expect(job.attemptsMade).toBe(0);
        expect(await job.getState()).toBe('delayed');
        expect(sent).toEqual([]);
        down = false;
        await until(async () => (await findDelivery(db.pool, id))?.status === 'sent');
      });
    } finally {
      down = false;
      await jobs.close();
    }
    expect(sent).toEqual(['first']);
    expect(await answerEvents(id)).toEqual(['answer_sent']);
  });

  it('PostgreSQL gone right after the gateway took the answer: recorded when back, not sent again', async () => {
    const id = await queuedDelivery('second');
    sent.length = 0;
    onSend = () => {
      down = true;
      setTimeout(() => {
        down = false;
      }, 1500);
    };
    try {
      await run(async (queue) => {
        await queue.enqueue([{ id, channel: 'email', round: 1 }]);
        await until(async () => (await findDelivery(db.pool, id))?.status === 'sent');
      });
    } finally {
      onSend = () => {};
      down = false;
    }
    expect(sent).toEqual(['second']);
    expect(await answerEvents(id)).toEqual(['answer_sent']);
    expect((await findDelivery(db.pool, id))?.gatewayRef).toBe('mail-1');
  });
});
