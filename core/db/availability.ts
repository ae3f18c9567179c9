import type pg from 'pg';

/**
 * Errors that say "PostgreSQL is not there right now" (down, restarting, recovering, connection
 * cut) rather than "this statement is wrong": the work can run again later unchanged.
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovery),
 * class 08 connection exceptions, 53300 too many connections; socket errors while connecting;
 * pg's own messages for a connection that ended under it.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// `timeout expired`: pg.Client's own connect timeout (core/db/pool.ts sets it per client).
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|^timeout expired$|timeout exceeded when trying to connect|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  // Node's AggregateError when every address of a host refused (localhost → ::1 and 127.0.0.1).
  return Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable);
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(
    readonly waitedMs: number,
    override readonly cause: unknown,
  ) {
    super(`PostgreSQL stayed unavailable for ${Math.round(waitedMs / 1000)} s`);
  }
}

export interface RetryWhileUnavailableOptions {
  /** Give up (DatabaseUnavailableError) once the database has been away this long. */
  maxWaitMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait (for a log line: the caller knows what it is waiting to write). */
  onWait?(error: unknown, waitedMs: number): void;
}

/**
 * Runs `work`, and while it fails because PostgreSQL is unavailable runs it again after a
 * growing pause (so `work` must be idempotent). Any other error is thrown at once. For writes
 * that must not be given up lightly — e.g. recording that a message already went out.
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  options: RetryWhileUnavailableOptions,
): Promise<T> {
  const started = Date.now();
  let delay = options.firstDelayMs ?? 250;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const waited = Date.now() - started;
      if (waited >= options.maxWaitMs) throw new DatabaseUnavailableError(waited, error);
      options.onWait?.(error, waited);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
    }
  }
}

/**
 * `select 1` within `timeoutMs`: a health check's view of the database. A black-holed network
 * would leave the pool's connect waiting, so the probe does not wait for it.
 */
export async function probeDatabase(pool: Pick<pg.Pool, 'query'>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = pool.query('select 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
