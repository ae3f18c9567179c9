import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInteractionService } from '../../core/interactions/index.ts';
import { createLogger } from '../../core/logging/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { StepWriter } from '../db/step-writer.ts';

let db: TestDatabase;
const clock = new ManualClock('2026-11-27T03:00:00Z');
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

async function openInteraction(): Promise<string> {
  const id = randomUUID();
  await createInteractionService({ pool: db.pool, clock }).open({ id, channel: 'phone', externalId: id });
  return id;
}

async function kinds(interactionId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ kind: string }>(
    "select kind from interaction_events where interaction_id = $1 and kind like 'ivr.%' order by at, id",
    [interactionId],
  );
  return rows.map((r) => r.kind);
}

describe('StepWriter (ivr.* steps of all calls, batched)', () => {
  it('stores the steps of many calls in the order taken, in few statements', async () => {
    const writer = new StepWriter(db.pool, clock, createLogger({ name: 'test', level: 'silent' }));
    const calls = await Promise.all(Array.from({ length: 50 }, () => openInteraction()));
    let statements = 0;
    const query = db.pool.query.bind(db.pool);
    db.pool.query = ((...args: Parameters<typeof query>) => {
      statements += 1;
      return query(...args);
    }) as typeof query;
    const written: Promise<void>[] = [];
    for (let step = 0; step < 4; step++) {
      for (const id of calls) written.push(writer.append(id, `ivr.step_${step}`, { step }));
    }
    await Promise.all(written);
    db.pool.query = query;
    expect(statements).toBeLessThanOrEqual(2);
    for (const id of calls) {
      expect(await kinds(id)).toEqual(['ivr.step_0', 'ivr.step_1', 'ivr.step_2', 'ivr.step_3']);
    }
    const { rows } = await db.pool.query(
      "select data from interaction_events where interaction_id = $1 and kind like 'ivr.%' order by id",
      [calls[0]],
    );
    expect(rows.map((r) => r.data)).toEqual([{ step: 0 }, { step: 1 }, { step: 2 }, { step: 3 }]);
  });

  it('a row that cannot be stored fails alone; the rest of its batch is kept', async () => {
    const writer = new StepWriter(db.pool, clock, createLogger({ name: 'test', level: 'silent' }));
    const good = await openInteraction();
    const results = await Promise.allSettled([
      writer.append(good, 'ivr.before', {}),
      writer.append(randomUUID(), 'ivr.orphan', {}), // no such interaction: foreign key
      writer.append(good, 'ivr.after', {}),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await kinds(good)).toEqual(['ivr.before', 'ivr.after']);
  });

  it('refuses a malformed kind before it reaches the database', async () => {
    const writer = new StepWriter(db.pool, clock, createLogger({ name: 'test', level: 'silent' }));
    await expect(writer.append(await openInteraction(), 'IVR Step', {})).rejects.toThrow(/malformed/);
  });
});
