import type { Queryable } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';

export type AttemptStage = 'claimed' | 'sending' | 'sent' | 'done';

export interface Attempt {
  id: number;
  contactId: number;
  campaignId: number;
  attemptNo: number;
  channel: OutboundChannel;
  stage: AttemptStage;
  result: 'positive' | 'negative' | null;
  detail: string | null;
  gatewayIds: string[];
  receipts: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: a pg row
const toAttempt = (r: any): Attempt => ({
  id: r.id,
  contactId: r.contact_id,
  campaignId: r.campaign_id,
  attemptNo: r.attempt_no,
  channel: r.channel,
  stage: r.stage,
  result: r.result,
  detail: r.detail,
  gatewayIds: r.gateway_ids,
  receipts: r.receipts,
});

/**
 * Claims the next attempt of a pending contact whose job is current; none when another worker
 * (or an older job) got there first. The attempt starts in stage `sending`, committed before the
 * gateway is called: after a crash it is never sent again (at most once). The stage `claimed`
 * of the schema is not used.
 */
export async function claimAttempt(
  db: Queryable,
  contactId: number,
  jobSeq: number,
  channel: OutboundChannel,
  now: Date,
): Promise<Attempt | undefined> {
  const { rows } = await db.query(
    `with claimed as (
       update campaign_contacts
          set state = 'in_progress', attempts_in_channel = attempts_in_channel + 1,
              attempts_total = attempts_total + 1
        where id = $1 and state = 'pending' and job_seq = $2
        returning id, campaign_id, attempts_total)
     insert into campaign_attempts (contact_id, campaign_id, attempt_no, channel, stage, claimed_at)
     select id, campaign_id, attempts_total, $3, 'sending', $4 from claimed
     returning *`,
    [contactId, jobSeq, channel, now],
  );
  return rows[0] ? toAttempt(rows[0]) : undefined;
}

export interface AttemptClaim {
  contactId: number;
  jobSeq: number;
  channel: OutboundChannel;
}

/**
 * `claimAttempt` for a batch of jobs in one statement (one commit): each contact is claimed only
 * if still pending with that job's sequence; the attempts returned are the ones claimed.
 */
export async function claimAttempts(
  db: Queryable,
  claims: readonly AttemptClaim[],
  now: Date,
): Promise<Map<number, Attempt>> {
  if (claims.length === 0) return new Map();
  const { rows } = await db.query(
    `with wanted as (
       select * from unnest($1::bigint[], $2::int[], $3::text[]) as w(contact_id, job_seq, channel)),
     claimed as (
       update campaign_contacts cc
          set state = 'in_progress', attempts_in_channel = cc.attempts_in_channel + 1,
              attempts_total = cc.attempts_total + 1
         from wanted w
        where cc.id = w.contact_id and cc.state = 'pending' and cc.job_seq = w.job_seq
        returning cc.id, cc.campaign_id, cc.attempts_total, w.channel)
     insert into campaign_attempts (contact_id, campaign_id, attempt_no, channel, stage, claimed_at)
     select id, campaign_id, attempts_total, channel, 'sending', $4 from claimed
     returning *`,
    [claims.map((c) => c.contactId), claims.map((c) => c.jobSeq), claims.map((c) => c.channel), now],
  );
  return new Map(rows.map((row) => [Number(row.contact_id), toAttempt(row)]));
}

export async function latestAttempt(db: Queryable, contactId: number): Promise<Attempt | undefined> {
  const { rows } = await db.query(
    'select * from campaign_attempts where contact_id = $1 order by attempt_no desc limit 1',
    [contactId],
  );
  return rows[0] ? toAttempt(rows[0]) : undefined;
}

export async function markSent(
  db: Queryable,
  attemptId: number,
  gatewayIds: readonly string[],
  costUnits: number | undefined,
  now: Date,
): Promise<void> {
  await db.query(
    `update campaign_attempts set stage = 'sent', gateway_ids = $2, cost_units = $3, sent_at = $4
      where id = $1 and stage = 'sending'`,
    [attemptId, gatewayIds, costUnits ?? null, now],
  );
}

/** `markSent` for many attempts at once (one statement). */
export async function markSentMany(
  db: Queryable,
  sent: ReadonlyArray<{ attemptId: number; gatewayIds: readonly string[]; costUnits?: number | undefined }>,
  now: Date,
): Promise<void> {
  if (sent.length === 0) return;
  await db.query(
    `update campaign_attempts ca set stage = 'sent', gateway_ids = r.gateway_ids, cost_units = r.cost_units, sent_at = $2
       from jsonb_to_recordset($1::jsonb) as r(attempt_id bigint, gateway_ids text[], cost_units int)
      where ca.id = r.attempt_id and ca.stage = 'sending'`,
    [
      JSON.stringify(
        sent.map((s) => ({
          attempt_id: s.attemptId,
          gateway_ids: s.gatewayIds,
          cost_units: s.costUnits ?? null,
        })),
      ),
      now,
    ],
  );
}

/** Locks the attempt for its result; a result already written stays (receipts may repeat). */
export async function lockAttempt(db: Queryable, attemptId: number): Promise<Attempt | undefined> {
  const { rows } = await db.query('select * from campaign_attempts where id = $1 for update', [attemptId]);
  return rows[0] ? toAttempt(rows[0]) : undefined;
}

export async function findAttemptByGatewayId(db: Queryable, gatewayId: string): Promise<Attempt | undefined> {
  const { rows } = await db.query(
    'select * from campaign_attempts where gateway_ids @> array[$1]::text[] order by id desc limit 1',
    [gatewayId],
  );
  return rows[0] ? toAttempt(rows[0]) : undefined;
}

export async function saveReceipt(db: Queryable, attemptId: number, gatewayId: string, stat: string) {
  const { rows } = await db.query(
    `update campaign_attempts set receipts = receipts || jsonb_build_object($2::text, $3::text)
      where id = $1 returning *`,
    [attemptId, gatewayId, stat],
  );
  return toAttempt(rows[0]);
}

export async function finishAttempt(
  db: Queryable,
  attemptId: number,
  result: 'positive' | 'negative',
  detail: string,
  now: Date,
  extra: { gatewayIds?: readonly string[]; costUnits?: number } = {},
): Promise<void> {
  await db.query(
    `update campaign_attempts
        set stage = 'done', result = $2, detail = $3, finished_at = $4,
            gateway_ids = coalesce($5, gateway_ids), cost_units = coalesce($6, cost_units),
            sent_at = coalesce(sent_at, case when $5::text[] is not null then $4::timestamptz end)
      where id = $1`,
    [attemptId, result, detail, now, extra.gatewayIds ?? null, extra.costUnits ?? null],
  );
}
