import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../core/db/migrate.ts';
import { createPool, type Pool } from '../../core/db/pool.ts';

export interface ScratchDatabase {
  name: string;
  url: string;
  pool: Pool;
  /** Closes the pool and drops the database (safe to call twice). */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database next to the one in DATABASE_URL, named `hotline_bench_<label>_<hex>`,
 * so a benchmark never touches the demo or test data. Dropped by `drop()`, and also on Ctrl-C.
 */
export async function createScratchDatabase(
  label: string,
  baseUrl = requireDatabaseUrl(),
): Promise<ScratchDatabase> {
  const name = `hotline_bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 4, applicationName: `bench-${label}` });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    process.off('SIGINT', onSignal);
    await pool.end().catch(() => {});
    await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
  };
  const onSignal = () => {
    void drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    await migrate(pool);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url: url.toString(), pool, drop };
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run benchmarks with `npm run bench -- <name>`');
  return url;
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
