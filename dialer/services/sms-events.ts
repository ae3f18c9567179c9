import { inTransaction } from '../../core/db/index.ts';
import { findAttemptByGatewayId, saveReceipt } from '../db/attempts.ts';
import { finishCampaignIfDone, finishContact } from '../db/contacts.ts';
import { latestSmsContactByPhone, recordOptOut } from '../db/opt-outs.ts';
import type { DialerDeps } from './deps.ts';
import { applyAttemptResult } from './outcomes.ts';

/** Final receipt states; ENROUTE/ACCEPTD are intermediate and wait for the final one. */
const FINAL_NEGATIVE = new Set(['UNDELIV', 'EXPIRED', 'DELETED', 'REJECTD', 'UNKNOWN']);

/**
 * A receipt can overtake the storing of its submit_sm_resp. Looked up, then — if missing while
 * an SMS is in flight — refused (the gateway offers it again shortly); if nothing is in flight,
 * looked up once more, since the store may have committed between the two reads.
 */
async function findAttemptForReceipt(deps: DialerDeps, messageId: string) {
  const attempt = await findAttemptByGatewayId(deps.pool, messageId);
  if (attempt) return attempt;
  const { rows } = await deps.pool.query(
    "select 1 from campaign_attempts where channel = 'sms' and stage = 'sending' limit 1",
  );
  if (rows.length > 0) throw new ReceiptTooEarlyError(messageId);
  return findAttemptByGatewayId(deps.pool, messageId);
}

/** A delivery receipt: positive once every part of the message is DELIVRD, negative on failure. */
export async function handleSmsReceipt(deps: DialerDeps, messageId: string, stat: string): Promise<void> {
  const attempt = await findAttemptForReceipt(deps, messageId);
  if (!attempt) return;
  if (attempt.stage === 'done') return;
  const updated = await saveReceipt(deps.pool, attempt.id, messageId, stat);
  if (FINAL_NEGATIVE.has(stat)) {
    await applyAttemptResult(deps, { attemptId: attempt.id, outcome: 'negative', detail: `receipt_${stat}` });
    return;
  }
  const allDelivered = updated.gatewayIds.every((id) => updated.receipts[id] === 'DELIVRD');
  if (allDelivered)
    await applyAttemptResult(deps, { attemptId: attempt.id, outcome: 'positive', detail: 'delivered' });
}

export class ReceiptTooEarlyError extends Error {
  override name = 'ReceiptTooEarlyError';
  constructor(messageId: string) {
    super(`receipt for ${messageId} arrived before its submit was stored`);
  }
}

/** «СТОП» (or STOP), in any case and with spaces or punctuation around it. */
export function isStopRequest(text: string): boolean {
  return /^[\s\p{P}]*(стоп|stop)[\s\p{P}]*$/iu.test(text);
}

/**
 * A client's SMS to the service number: «СТОП» opts them out of the purpose of the campaign
 * that texted them last (SMS channel), and ends that contact if it is still open.
 */
export async function handleIncomingSms(deps: DialerDeps, from: string, text: string): Promise<void> {
  if (!isStopRequest(text)) return;
  const now = deps.clock.now();
  const contact = await latestSmsContactByPhone(deps.pool, from);
  if (!contact) {
    deps.logger?.info('stop request from a number the dialer did not text');
    return;
  }
  const campaignId = await inTransaction(deps.pool, async (db) => {
    await recordOptOut(db, contact.clientId, contact.purpose, 'sms', 'sms_stop', now);
    const { rows } = await db.query<{ campaign_id: number; state: string }>(
      'select campaign_id, state from campaign_contacts where id = $1 for update',
      [contact.contactId],
    );
    const row = rows[0];
    if (row && (row.state === 'pending' || row.state === 'in_progress')) {
      await db.query(
        "update campaign_attempts set stage = 'done', result = 'negative', detail = 'opted_out', finished_at = $2 where contact_id = $1 and stage <> 'done'",
        [contact.contactId, now],
      );
      await finishContact(db, contact.contactId, 'opted_out', 'sms_stop', now);
    }
    return row?.campaign_id;
  });
  if (campaignId !== undefined) await finishCampaignIfDone(deps.pool, campaignId, now);
}
