import { BillingError } from '../../core/billing/index.ts';

/** Socket-level failures: PostgreSQL is not there (stopped, restarting, unreachable). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/**
 * SQLSTATE classes and codes that say "the server is going or not ready", never "your data is
 * wrong": 08 connection exceptions, 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
 * connect now (starting up or shutting down), 53300 too many connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const LOST_CONNECTION =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * Whether an error means the database is (for now) unreachable — the write is to be kept and
 * retried — rather than refused for its content. Billing's own `unavailable` counts too (the
 * self-service answers then say the information is temporarily unavailable).
 */
export function databaseUnavailable(error: unknown): boolean {
  if (error instanceof BillingError) return error.kind === 'unavailable';
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08')) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(databaseUnavailable);
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}
