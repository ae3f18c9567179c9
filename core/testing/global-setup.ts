import pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { databaseUrlFor, runIdOf, TEST_DATABASE_PREFIX, templateDatabaseFor } from './names.ts';

/**
 * Runs once per `vitest run`: builds a migrated template database from scratch (this also
 * proves "migration up on an empty database"); each test file clones it (see pg.ts).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.REDIS_URL) {
    throw new Error(
      'DATABASE_URL and REDIS_URL must be set: run the tests with `npm test`, which provisions them',
    );
  }
  const runId = process.pid;
  const template = templateDatabaseFor(runId);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await dropDatabases(admin, (runOwner) => runOwner === runId || !isAlive(runOwner));
    await admin.query(`create database ${template}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrlFor(url, template), max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  process.env.HOTLINE_TEST_TEMPLATE = template;
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await dropDatabases(client, (runOwner) => runOwner === runId).finally(() => client.end());
  };
}

/** Drops test databases whose owning run matches; databases of live parallel runs are kept. */
async function dropDatabases(client: pg.Client, owned: (runId: number) => boolean): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    'select datname from pg_database where datname like $1',
    [`${TEST_DATABASE_PREFIX}%`],
  );
  for (const { datname } of rows) {
    const runId = runIdOf(datname);
    if (runId === undefined || owned(runId))
      await client.query(`drop database if exists "${datname}" with (force)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
