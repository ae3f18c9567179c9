import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../core/db/index.ts';
import { createLogger } from '../../core/logging/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { IvrJournal, type JournalEntry } from '../db/journal.ts';
import { JournalReplayer } from '../db/replay.ts';
import { StepWriter } from '../db/step-writer.ts';

let db: TestDatabase;
let redis: TestRedis;
const logger = createLogger({ name: 'test', level: 'silent' });
const T0 = Date.parse('2026-11-27T03:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

function journalAt(name: string): IvrJournal {
  return new IvrJournal(redis.redis, `${redis.prefix}:${name}`);
}

function replayerFor(journal: IvrJournal, pool: Pool = db.pool): JournalReplayer {
  return new JournalReplayer({
    redis: redis.redis,
    pool,
    journal,
    logger,
    timeZone: 'Asia/Krasnoyarsk',
    owner: 'test',
  });
}

async function kinds(ix: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ kind: string }>(
    'select kind from interaction_events where interaction_id = $1 order by at, id',
    [ix],
  );
  return rows.map((row) => row.kind);
}

/** One call's writes as the IVR journals them while PostgreSQL is down. */
function callEntries(ix: string): JournalEntry[] {
  return [
    { t: 'open', ix, at: T0, externalId: `chan-${ix}`, contact: '+79990000001' },
    {
      t: 'steps',
      steps: [
        { ix, at: T0 + 1_000, kind: 'ivr.verb.answer', data: { ms: 10 } },
        { ix, at: T0 + 2_000, kind: 'ivr.menu', data: { choice: '4' } },
      ],
    },
    { t: 'update', ix, at: T0 + 3_000, patch: { topics: ['payment_methods'] } },
    { t: 'steps', steps: [{ ix, at: T0 + 4_000, kind: 'ivr.ended', data: { outcome: 'self_served' } }] },
    { t: 'close', ix, at: T0 + 4_000, outcome: 'self_served' },
  ];
}

describe('IVR journal replay', () => {
  it('writes a call kept in the journal in order, with the times it happened, and empties the journal', async () => {
    const journal = journalAt('order');
    const ix = randomUUID();
    for (const entry of callEntries(ix)) await journal.append(entry, [ix]);
    expect(await replayerFor(journal).drain()).toBe(5);
    expect(await journal.backlog()).toBe(0);
    expect(await kinds(ix)).toEqual([
      'opened',
      'ivr.verb.answer',
      'ivr.menu',
      'updated',
      'ivr.ended',
      'closed',
    ]);
    const { rows } = await db.pool.query(
      'select state, outcome, topics, contact, external_id, started_at, closed_at from interactions where id = $1',
      [ix],
    );
    expect(rows[0]).toMatchObject({
      state: 'closed',
      outcome: 'self_served',
      topics: ['payment_methods'],
      contact: '+79990000001',
      external_id: `chan-${ix}`,
      started_at: new Date(T0),
      closed_at: new Date(T0 + 4_000),
    });
  });

  it('applies each entry exactly once: entries replayed again (a crash before their removal) change nothing', async () => {
    const first = journalAt('once-a');
    const ix = randomUUID();
    for (const entry of callEntries(ix)) await first.append(entry, [ix]);
    const ids = (await redis.redis.xrange(first.key, '-', '+')).map(([id, fields]) => [id, fields] as const);
    await replayerFor(first).drain();
    const before = await kinds(ix);
    // The same stream entries (same ids) once more, as if the replayer died before XDEL.
    const again = journalAt('once-b');
    for (const [id, fields] of ids) await redis.redis.xadd(again.key, id, ...fields);
    expect(await replayerFor(again).drain()).toBe(5);
    expect(await kinds(ix)).toEqual(before);
  });

  it('keeps the state and stage times the ACD wrote first, and leaves a call the ACD took over open', async () => {
    const journal = journalAt('acd-first');
    const ix = randomUUID();
    // The ACD's outbox writer created the row of a call transferred while PostgreSQL was down.
    await db.pool.query(
      `insert into interactions (id, channel, state, started_at, queued_at, topics) values ($1, 'phone', 'queued', $2, $2, '{}')`,
      [ix, new Date(T0 + 5_000)],
    );
    await journal.append({ t: 'open', ix, at: T0, externalId: 'chan-x', contact: '+79990000003' }, [ix]);
    await journal.append({ t: 'close', ix, at: T0 + 9_000, outcome: 'self_served' }, [ix]);
    await replayerFor(journal).drain();
    const { rows } = await db.pool.query(
      'select state, contact, external_id, started_at, closed_at from interactions where id = $1',
      [ix],
    );
    expect(rows[0]).toMatchObject({
      state: 'queued',
      contact: '+79990000003',
      external_id: 'chan-x',
      started_at: new Date(T0),
      closed_at: null,
    });
    expect(await kinds(ix)).toEqual(['opened']);
  });

  it('puts an entry PostgreSQL refuses in the dead letters and goes on with the next', async () => {
    const journal = journalAt('dead');
    const unknown = randomUUID();
    const ix = randomUUID();
    await journal.append({ t: 'update', ix: unknown, at: T0, patch: { csat: 5 } }, [unknown]);
    await journal.append({ t: 'open', ix, at: T0, externalId: null, contact: null }, [ix]);
    expect(await replayerFor(journal).drain()).toBe(2);
    expect(await journal.backlog()).toBe(0);
    const dead = await redis.redis.xrange(journal.deadKey, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]![1][2]).toBe('error');
    expect(JSON.parse(dead[0]![1][5]!)).toMatchObject({ t: 'update', ix: unknown });
    expect(await kinds(ix)).toEqual(['opened']);
  });

  it('registers a callback appeal as of the moment the caller asked, once', async () => {
    const journal = journalAt('appeal');
    const ix = randomUUID();
    const appeal = {
      t: 'appeal' as const,
      ix,
      at: T0,
      appeal: {
        channel: 'phone' as const,
        kind: 'simple' as const,
        topics: ['other' as const],
        description: 'Заявка на обратный звонок, оставленная в голосовом меню вне часов работы ЕКЦ.',
        replyChannel: 'phone' as const,
        replyAddress: '+79990000004',
        interactionId: ix,
      },
    };
    await journal.append({ t: 'open', ix, at: T0, externalId: null, contact: '+79990000004' }, [ix]);
    await journal.append(appeal, [ix]);
    await journal.append(appeal, [ix]); // the same request twice (a retried call path) is one appeal
    await replayerFor(journal).drain();
    const { rows } = await db.pool.query(
      'select a.id, a.registered_at, i.appeal_id from appeals a join interactions i on i.id = a.interaction_id where a.interaction_id = $1',
      [ix],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ registered_at: new Date(T0), appeal_id: rows[0].id });
  });

  it('stops at an unreachable PostgreSQL and keeps every entry for the next round', async () => {
    const journal = journalAt('down');
    const ix = randomUUID();
    for (const entry of callEntries(ix)) await journal.append(entry, [ix]);
    const down = unreachablePool();
    expect(await replayerFor(journal, down).drain()).toBe(0);
    expect(await journal.backlog()).toBe(5);
    expect(journal.databaseDown).toBe(true);
    expect(await redis.redis.xlen(journal.deadKey)).toBe(0);
    expect(await replayerFor(journal).drain()).toBe(5);
    expect(await kinds(ix)).toHaveLength(6);
  });
});

/** A pool whose server refuses connections, as pg reports it (the error PostgreSQL down gives). */
function unreachablePool(): Pool {
  const refuse = async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  };
  return { query: refuse, connect: refuse } as unknown as Pool;
}

describe('IvrJournal ordering', () => {
  it('sends any write behind entries still waiting in the journal (another process may have left them)', async () => {
    const journal = journalAt('behind');
    const waiting = randomUUID();
    await new IvrJournal(redis.redis, `${redis.prefix}:behind`).append(
      { t: 'open', ix: waiting, at: T0, externalId: null, contact: null },
      [waiting],
    );
    const fresh = randomUUID();
    let direct = 0;
    const result = await journal.write(
      [fresh],
      () => ({ t: 'update', ix: fresh, at: T0, patch: { csat: 4 } }),
      async () => {
        direct += 1;
        return 'written';
      },
    );
    expect(result).toBeUndefined();
    expect(direct).toBe(0);
    expect(await journal.backlog()).toBe(2);
    await redis.redis.del(journal.key);
    expect(
      await journal.write(
        [randomUUID()],
        () => ({ t: 'steps', steps: [] }),
        async () => 'written',
      ),
    ).toBe('written');
  });
});

describe('StepWriter while PostgreSQL is down', () => {
  it('keeps the steps in the journal, and later steps of the same call follow them there in order', async () => {
    const journal = journalAt('steps');
    const clock = new ManualClock('2026-11-27T03:00:00Z');
    const writer = new StepWriter(unreachablePool(), clock, logger, 5, journal);
    const ix = randomUUID();
    await writer.append(ix, 'ivr.verb.answer', {});
    expect(journal.holds(ix)).toBe(true);
    journal.markUp(); // PostgreSQL looks back, but this call's next steps still go after the first ones
    const direct = new StepWriter(db.pool, clock, logger, 5, journal);
    await direct.append(ix, 'ivr.menu', { choice: '1' });
    const entries = await redis.redis.xrange(journal.key, '-', '+');
    expect(entries.map(([, fields]) => (JSON.parse(fields[1]!) as JournalEntry).t)).toEqual([
      'steps',
      'steps',
    ]);
    expect(
      entries.flatMap(([, fields]) =>
        (JSON.parse(fields[1]!) as Extract<JournalEntry, { t: 'steps' }>).steps.map((s) => s.kind),
      ),
    ).toEqual(['ivr.verb.answer', 'ivr.menu']);
  });
});
