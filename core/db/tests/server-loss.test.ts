import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoppablePostgres } from '../../testing/stoppable-postgres.ts';
import { createPool, inTransaction, type Pool } from '../pool.ts';

describe('a pool whose PostgreSQL server goes away', () => {
  let server: StoppablePostgres;
  let pool: Pool;
  const idleErrors: Error[] = [];
  beforeAll(async () => {
    server = await StoppablePostgres.create();
    pool = createPool(server.url, { max: 3, onIdleError: (error) => idleErrors.push(error) });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.destroy();
  });

  it('rejects the transaction in progress and the queries meanwhile, then works again once it is back', async () => {
    await pool.query('create table marks (id int primary key)');
    // Three connections: one inside a transaction between two statements, two idle in the pool.
    await Promise.all([pool.query('select pg_sleep(0.05)'), pool.query('select pg_sleep(0.05)')]);
    let reachedSecondStatement!: () => void;
    const between = new Promise<void>((resolve) => {
      reachedSecondStatement = resolve;
    });
    let goOn!: () => void;
    const crashed = new Promise<void>((resolve) => {
      goOn = resolve;
    });
    const transaction = inTransaction(pool, async (db) => {
      await db.query('insert into marks values (1)');
      reachedSecondStatement();
      await crashed;
      await db.query('insert into marks values (2)');
    });
    await between;
    // Without a listener on the checked-out client, this stop killed the process
    // ('error' emitted on a pg Client nobody listened to).
    await server.crash();
    goOn();
    await expect(transaction).rejects.toThrow();
    await expect(pool.query('select 1')).rejects.toThrow(/ECONNREFUSED|terminat|not queryable/);

    await server.start();
    const { rows } = await pool.query<{ id: number }>('select id from marks');
    expect(rows).toEqual([]); // the transaction never committed
    await inTransaction(pool, (db) => db.query('insert into marks values (3)'));
    expect((await pool.query('select count(*)::int as n from marks')).rows[0]).toEqual({ n: 1 });
    expect(idleErrors.length).toBeGreaterThan(0); // the idle connections' loss was reported
  });
});
