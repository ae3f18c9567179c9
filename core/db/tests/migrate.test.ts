import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import {
  APPEAL_KINDS,
  APPEAL_STATES,
  CLIENT_TYPES,
  INTERACTION_OUTCOMES,
  INTERACTION_STATES,
  NO_ACTION_REASONS,
  USER_ROLES,
} from '../../vocabulary/index.ts';
import { loadMigrations, migrate } from '../migrate.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('migrations', () => {
  it('are numbered, unique and already applied to the template by the global setup', async () => {
    const migrations = await loadMigrations();
    const versions = migrations.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    const { rows } = await db.pool.query('select version from schema_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(versions);
  });

  it('is idempotent: running again applies nothing', async () => {
    const result = await migrate(db.pool);
    expect(result.applied).toEqual([]);
  });

  it('refuses a migration that changed after it was applied', async () => {
    await db.pool.query("update schema_migrations set checksum = 'x' where version = '0001'");
    await expect(migrate(db.pool)).rejects.toThrow(/was changed after it was applied/);
    const { rows } = await db.pool.query("select checksum from schema_migrations where version = '0001'");
    const real = (await loadMigrations())[0]!.checksum;
    await db.pool.query("update schema_migrations set checksum = $1 where version = '0001'", [real]);
    expect(rows[0].checksum).toBe('x');
  });
});

/** The database's value lists and core/vocabulary are one vocabulary: every value fits, others do not. */
describe('schema follows the vocabulary', () => {
  async function accepts(sql: string, params: unknown[]): Promise<boolean> {
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(sql, params);
      return true;
    } catch {
      return false;
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  it('client types', async () => {
    for (const type of CLIENT_TYPES) {
      expect(await accepts('insert into clients (type, full_name) values ($1, $2)', [type, 'Тест'])).toBe(
        true,
      );
    }
    expect(await accepts('insert into clients (type, full_name) values ($1, $2)', ['alien', 'Тест'])).toBe(
      false,
    );
  });

  it('user roles', async () => {
    for (const role of USER_ROLES) {
      expect(
        await accepts('insert into users (login, full_name, password_hash, roles) values ($1, $2, $3, $4)', [
          `u-${role}`,
          'Тест',
          'x',
          [role],
        ]),
      ).toBe(true);
    }
    expect(
      await accepts('insert into users (login, full_name, password_hash, roles) values ($1, $2, $3, $4)', [
        'u',
        'Тест',
        'x',
        ['root'],
      ]),
    ).toBe(false);
  });

  it('interaction states and outcomes', async () => {
    const sql = `insert into interactions (id, channel, state, outcome, started_at) values (gen_random_uuid(), 'phone', $1, $2, now())`;
    for (const state of INTERACTION_STATES) expect(await accepts(sql, [state, null])).toBe(true);
    for (const outcome of INTERACTION_OUTCOMES) expect(await accepts(sql, ['closed', outcome])).toBe(true);
    expect(await accepts(sql, ['flying', null])).toBe(false);
    expect(await accepts(sql, ['closed', 'great'])).toBe(false);
  });

  it('appeal kinds, states and no-action reasons', async () => {
    const sql = `insert into appeals (reg_number, channel, kind, description, state, registered_at, deadline_at, no_action_reason)
      values (gen_random_uuid()::text, 'phone', $1, 'x', $2, now(), now(), $3)`;
    for (const kind of APPEAL_KINDS) expect(await accepts(sql, [kind, 'registered', null])).toBe(true);
    for (const state of APPEAL_STATES) expect(await accepts(sql, ['simple', state, null])).toBe(true);
    for (const reason of NO_ACTION_REASONS)
      expect(await accepts(sql, ['simple', 'no_action', reason])).toBe(true);
    expect(await accepts(sql, ['huge', 'registered', null])).toBe(false);
    expect(await accepts(sql, ['simple', 'lost', null])).toBe(false);
  });

  it('stores Russian text and money in kopecks exactly', async () => {
    const client = await db.pool.query(
      "insert into clients (type, full_name) values ('individual', 'Ёлкина Алёна Юрьевна') returning id, full_name",
    );
    expect(client.rows[0].full_name).toBe('Ёлкина Алёна Юрьевна');
  });
});
