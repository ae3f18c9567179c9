import type { Pool, PoolClient } from '../db/pool.ts';
import { copyInto, textChunks } from './copy.ts';
import { withDeferredConstraints } from './deferred-constraints.ts';
import { planOutages } from './outages.ts';
import type { SeedContext } from './plan-account.ts';
import { insertDemoQueues } from './queues.ts';
import {
  ACCOUNT_COLUMNS,
  accountRows,
  CHARGE_COLUMNS,
  CLIENT_COLUMNS,
  CONSENT_COLUMNS,
  chargeChunks,
  clientRows,
  consentRows,
  type IdBases,
  METER_COLUMNS,
  meterRows,
  PAYMENT_COLUMNS,
  paymentChunks,
  READING_COLUMNS,
  readingChunks,
} from './rows.ts';
import { formatLocalDate, parseLocalDate } from './time.ts';
import { type DemoUser, demoUsers, hashDemoPasswords } from './users.ts';

export const MAX_DEMO_ACCOUNTS = 500_000;

/** Tables loaded by COPY, whose foreign keys and plain indexes are rebuilt after loading. */
const BULK_TABLES = [
  'clients',
  'client_consents',
  'accounts',
  'meters',
  'meter_readings',
  'charges',
  'payments',
];

export interface SeedOptions {
  accounts: number;
  seed: number;
  /** The demo's "today" (YYYY-MM-DD, Khakassia): history covers the 12 months before its month. */
  asOf: string;
  /** Do nothing when accounts already exist (instead of refusing). */
  ifEmpty?: boolean;
  /** Called after each table is loaded (and after the rebuild), for progress output and benchmarks. */
  onStep?: (step: string, rows: number | null, seconds: number) => void;
}

export interface SeedResult {
  skipped: boolean;
  existingAccounts: number;
  asOf: string;
  rows: Record<string, number>;
  seconds: number;
  /** Demo users created now, with their passwords (logins that already existed are left alone). */
  createdUsers: DemoUser[];
}

/** The database already holds accounts: seeding again would mix two demos. */
export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

export function validateSeedOptions(options: SeedOptions): SeedContext {
  const { accounts, seed } = options;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > MAX_DEMO_ACCOUNTS) {
    throw new RangeError(`accounts must be a whole number from 1 to ${MAX_DEMO_ACCOUNTS}, got ${accounts}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { seed, asOf: parseLocalDate(options.asOf) };
}

/**
 * Loads a deterministic demo into an empty database in one transaction: either all of it is
 * there afterwards or none of it (a failed seed leaves nothing for --if-empty to trip over).
 */
export async function seedDemo(pool: Pool, options: SeedOptions): Promise<SeedResult> {
  const ctx = validateSeedOptions(options);
  const started = performance.now();
  const result: SeedResult = {
    skipped: false,
    existingAccounts: 0,
    asOf: formatLocalDate(ctx.asOf),
    rows: {},
    seconds: 0,
    createdUsers: [],
  };
  result.existingAccounts = await countAccounts(pool);
  if (result.existingAccounts > 0) return refuseOrSkip(result, options);

  const users = demoUsers();
  const hashingStarted = performance.now();
  const hashes = await hashDemoPasswords(users);
  options.onStep?.('demo passwords hashed (scrypt)', users.length, seconds(hashingStarted));
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Two seeders at once would both see an empty table; the second waits here, then skips or refuses.
    await client.query('lock table accounts in share row exclusive mode');
    result.existingAccounts = await countAccounts(client);
    if (result.existingAccounts > 0) {
      await client.query('rollback');
      return refuseOrSkip(result, options);
    }
    // Index builds and foreign-key validation after the load sort millions of rows: give them memory.
    await client.query(`set local maintenance_work_mem = '256MB'`);
    await client.query(`set local work_mem = '128MB'`);
    const ids = await idBases(client);
    const clientIds = new Int32Array(options.accounts);
    const n = options.accounts;
    const load = async (
      table: string,
      columns: readonly string[],
      chunks: Iterable<string> | Iterable<Buffer>,
      format: 'text' | 'binary' = 'text',
    ) => {
      const tableStarted = performance.now();
      const count = await copyInto(client, table, columns, chunks, format);
      result.rows[table] = count;
      options.onStep?.(table, count, seconds(tableStarted));
    };
    let loaded = 0;
    await withDeferredConstraints(client, BULK_TABLES, async () => {
      await load('clients', CLIENT_COLUMNS, textChunks(clientRows(ctx, n, ids, clientIds)));
      await load('client_consents', CONSENT_COLUMNS, textChunks(consentRows(ctx, n, clientIds)));
      await load('accounts', ACCOUNT_COLUMNS, textChunks(accountRows(ctx, n, ids, clientIds)));
      await load('meters', METER_COLUMNS, textChunks(meterRows(ctx, n, ids)));
      await load('meter_readings', READING_COLUMNS, readingChunks(ctx, n, ids), 'binary');
      await load('charges', CHARGE_COLUMNS, chargeChunks(ctx, n, ids), 'binary');
      await load('payments', PAYMENT_COLUMNS, paymentChunks(ctx, n, ids), 'binary');
      loaded = performance.now();
    });
    options.onStep?.('indexes and foreign keys rebuilt', null, seconds(loaded));
    const staffStarted = performance.now();
    result.rows.outages = await insertOutages(client, ctx);
    result.createdUsers = await insertUsers(client, users, hashes);
    result.rows.users = result.createdUsers.length;
    const demoQueues = await insertDemoQueues(client);
    result.rows.acd_queues = demoQueues.queues;
    result.rows.acd_agent_skills = demoQueues.skills;
    options.onStep?.(
      'outages and demo users',
      result.rows.outages + result.rows.users,
      seconds(staffStarted),
    );
    for (const table of ['clients', 'accounts', 'meters', 'meter_readings', 'charges', 'payments']) {
      // Ids were assigned here, not by the sequences: move them past the rows (or back to 1 if none).
      await client.query(
        `select setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 1), max(id) is not null) from ${table}`,
        [table],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // No explicit ANALYZE: it would add seconds to every seed, and autovacuum analyzes tables this
  // large within a minute of the load.
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function refuseOrSkip(result: SeedResult, options: SeedOptions): SeedResult {
  if (options.ifEmpty) return { ...result, skipped: true };
  throw new SeedRefusedError(
    `the database already has ${result.existingAccounts} account(s); demo data goes into an empty database ` +
      '(use --if-empty to skip quietly)',
  );
}

async function countAccounts(db: Pick<Pool, 'query'> | PoolClient): Promise<number> {
  const { rows } = await db.query<{ count: number }>('select count(*)::int as count from accounts');
  return rows[0]!.count;
}

async function idBases(client: PoolClient): Promise<IdBases> {
  const { rows } = await client.query<IdBases>(`select
      (select coalesce(max(id), 0) from clients)::bigint as client,
      (select coalesce(max(id), 0) from accounts)::bigint as account,
      (select coalesce(max(id), 0) from meters)::bigint as meter,
      (select coalesce(max(id), 0) from meter_readings)::bigint as reading,
      (select coalesce(max(id), 0) from charges)::bigint as charge,
      (select coalesce(max(id), 0) from payments)::bigint as payment`);
  return rows[0]!;
}

async function insertOutages(client: PoolClient, ctx: SeedContext): Promise<number> {
  const outages = planOutages(ctx.asOf);
  for (const o of outages) {
    await client.query(
      `insert into outages (kind, area, settlement, streets, starts_at, ends_at, reason, grid_company, grid_phone)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [o.kind, o.area, o.settlement, o.streets, o.startsAt, o.endsAt, o.reason, o.grid.name, o.grid.phone],
    );
  }
  return outages.length;
}

async function insertUsers(
  client: PoolClient,
  users: DemoUser[],
  hashes: Map<string, string>,
): Promise<DemoUser[]> {
  const created: DemoUser[] = [];
  for (const user of users) {
    const { rowCount } = await client.query(
      `insert into users (login, full_name, password_hash, roles, sip_endpoint) values ($1, $2, $3, $4, $5)
       on conflict (login) do nothing`,
      [user.login, user.fullName, hashes.get(user.login), user.roles, user.sipEndpoint],
    );
    if (rowCount === 1) created.push(user);
  }
  return created;
}
