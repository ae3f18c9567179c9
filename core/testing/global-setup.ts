import pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { databaseUrlFor, TEMPLATE_DATABASE } from './names.ts';

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
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await dropTestDatabases(admin);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrlFor(url, TEMPLATE_DATABASE), max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  process.env.HOTLINE_TEST_TEMPLATE = TEMPLATE_DATABASE;
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await dropTestDatabases(client).finally(() => client.end());
  };
}

async function dropTestDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "select datname from pg_database where datname like 'hotline_test_%'",
  );
  for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
}
