import pg from 'pg';

// bigint columns (ids, kopecks) come back as JS numbers: kopecks of a utility bill and row ids
// stay far below 2^53, and numbers keep arithmetic simple. numeric stays a string (exact).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
const INT8_ARRAY_OID = 1016 as (typeof pg.types.builtins)[keyof typeof pg.types.builtins]; // _int8, not in pg.types.builtins
const parseTextArray = pg.types.getTypeParser(INT8_ARRAY_OID) as (value: string) => string[];
pg.types.setTypeParser(INT8_ARRAY_OID, (value: string) =>
  parseTextArray(value).map((item) => Number.parseInt(item, 10)),
);

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
export type Queryable = Pick<pg.Pool, 'query'>;

/**
 * How long opening a connection may take. pg waits forever by default: a database host that
 * vanished from the network (no RST, packets dropped) would hang every query — and the callers'
 * retry-while-unavailable logic with them. Timed out, the query fails with an error
 * `isDatabaseUnavailable` recognises, and the caller waits, journals or answers "degraded".
 * It bounds opening a connection only: waiting for a free client of a busy pool is backpressure,
 * not an outage — timed out, it made the IVR under full load (1,600 calls + 1,000 chat msg/s on
 * 2 CPUs) take PostgreSQL for gone and journal every write, its rows minutes late.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  onIdleError?: (error: Error) => void;
  connectTimeoutMs?: number;
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'hotline',
    // On each client's connect (pg.Client), not on the pool: pg-pool would also time out the
    // wait for a free client with the same option.
    Client: clientWithConnectTimeout(options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS),
    // TCP keep-alive notices a peer that went away while a connection sat idle or mid-query.
    keepAlive: true,
  });
  // An idle connection can die (server restart, admin termination); pg drops it and the next
  // query opens a new one. Without a listener the error would crash the whole process.
  pool.on('error', options.onIdleError ?? (() => {}));
  // A connection that dies while checked out (inside `inTransaction`, between two queries, or a
  // server shutdown notice 57P01) is emitted as 'error' on the client itself, where pg-pool keeps
  // no listener then: unheard, it would kill the process. The failing query (or the next one on
  // that client) already rejects with the error, and pg-pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', ignoreCheckedOutClientError));
  return pool;
}

function ignoreCheckedOutClientError(): void {}

function clientWithConnectTimeout(connectTimeoutMs: number): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      const options = typeof config === 'string' ? { connectionString: config } : config;
      super({ ...options, connectionTimeoutMillis: connectTimeoutMs });
    }
  };
}

/** Runs `work` in one transaction; rolls back on any error. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
