import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, type Pool } from '../db/pool.ts';
import { databaseUrlFor, runIdOf } from './names.ts';

export interface TestDatabase {
  url: string;
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file: a clone of the template (fast, isolated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = requireEnv('DATABASE_URL');
  const template = requireEnv('HOTLINE_TEST_TEMPLATE');
  const name = `hotline_test_${runIdOf(template)}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    // Cloning needs the template to have no other sessions; retry briefly if one is closing.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(baseUrl, name);
  const pool = createPool(url, { max: 5, applicationName: 'hotline-test' });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    },
  };
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests with \`npm test\``);
  return value;
}
