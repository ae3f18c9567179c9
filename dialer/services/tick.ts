import { inTransaction } from '../../core/db/index.ts';
import { auditCampaign } from '../db/campaigns.ts';
import type { CampaignService } from './campaigns.ts';
import type { DialerDeps } from './deps.ts';
import { applyAttemptResult } from './outcomes.ts';
import type { StrandedContactSweep } from './stranded.ts';

/** An SMS whose receipt has not come in a day counts as not delivered (the next daily try). */
export const SMS_RECEIPT_WAIT_MS = 24 * 3600_000;

export interface TickReport {
  started: number;
  finished: number;
  receiptsExpired: number;
  /** Pending contacts found without a job and queued again (only when a sweep is given). */
  strandedRequeued?: number;
}

/**
 * The dialer's periodic duties: start scheduled campaigns whose start came, finish those whose
 * end passed (open contacts end negative, `campaign_ended`), and give SMS without a receipt a
 * negative result so the policy can go on; with a sweep, queue again a bounded slice of pending
 * contacts left without a job (see stranded.ts).
 */
export async function runTick(
  deps: DialerDeps,
  campaigns: CampaignService,
  sweep?: StrandedContactSweep,
): Promise<TickReport> {
  const now = deps.clock.now();
  const due = await deps.pool.query<{ id: number }>(
    "select id from campaigns where state = 'scheduled' and starts_at <= $1 order by id",
    [now],
  );
  for (const { id } of due.rows) await campaigns.start(id, 'service:dialer');

  const ended = await deps.pool.query<{ id: number; state: string }>(
    "select id, state from campaigns where state in ('running', 'paused') and ends_at < $1 order by id",
    [now],
  );
  for (const { id, state } of ended.rows) {
    await inTransaction(deps.pool, async (db) => {
      await db.query(
        `update campaign_contacts set state = 'negative', finish_reason = 'campaign_ended', finished_at = $2,
                next_attempt_at = null
          where campaign_id = $1 and state in ('pending', 'in_progress')`,
        [id, now],
      );
      await db.query("update campaigns set state = 'finished', updated_at = $2 where id = $1", [id, now]);
      await auditCampaign(db, {
        campaignId: id,
        action: 'finish',
        actor: 'service:dialer',
        at: now,
        details: { from: state, reason: 'end_date' },
      });
    });
  }

  const stale = await deps.pool.query<{ id: number }>(
    "select id from campaign_attempts where channel in ('sms', 'push') and stage = 'sent' and sent_at < $1",
    [new Date(now.getTime() - SMS_RECEIPT_WAIT_MS)],
  );
  for (const { id } of stale.rows) {
    await applyAttemptResult(deps, { attemptId: id, outcome: 'negative', detail: 'receipt_missing' });
  }
  const report = {
    started: due.rows.length,
    finished: ended.rows.length,
    receiptsExpired: stale.rows.length,
  };
  return sweep ? { ...report, strandedRequeued: (await sweep.run()).requeued } : report;
}
