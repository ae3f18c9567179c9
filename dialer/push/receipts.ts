import type { DialerDeps } from '../services/deps.ts';
import { applyAttemptResult } from '../services/outcomes.ts';
import { attemptIdOfKey, type PushReceipts } from './contract.ts';

/**
 * Receipts from the push gateway (already verified): delivered → positive, failed → negative
 * (the policy then falls back to the campaign's next channel). A receipt for an attempt already
 * decided, or for an unknown key, changes nothing — gateways repeat receipts.
 */
export async function handlePushReceipts(
  deps: DialerDeps,
  input: PushReceipts,
): Promise<{ applied: number }> {
  let applied = 0;
  for (const receipt of input.receipts) {
    const attemptId = attemptIdOfKey(receipt.idempotencyKey);
    if (attemptId === undefined) continue;
    const { rows } = await deps.pool.query<{ stage: string }>(
      "select stage from campaign_attempts where id = $1 and channel = 'push'",
      [attemptId],
    );
    if (!rows[0] || rows[0].stage === 'done') continue;
    await applyAttemptResult(deps, {
      attemptId,
      outcome: receipt.status === 'delivered' ? 'positive' : 'negative',
      detail:
        receipt.status === 'delivered' ? 'push_delivered' : `push_failed_${receipt.reason ?? 'unknown'}`,
    });
    applied += 1;
  }
  return { applied };
}
