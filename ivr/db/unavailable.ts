import { BillingError } from '../../core/billing/index.ts';
import { isDatabaseUnavailable } from '../../core/db/index.ts';

/**
 * Whether an error means the data is (for now) out of reach — a write is to be kept and retried,
 * a caller told the information is temporarily unavailable — rather than refused for its
 * content: PostgreSQL down, restarting or cut off (core/db), or the billing `unavailable`.
 */
export function databaseUnavailable(error: unknown): boolean {
  if (error instanceof BillingError) return error.kind === 'unavailable';
  return isDatabaseUnavailable(error);
}
