import { inTransaction, type PoolClient } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import { finishAttempt, lockAttempt } from '../db/attempts.ts';
import {
  type ContactForAttempt,
  finishCampaignIfDone,
  finishContact,
  loadContact,
  recordSpacing,
  schedulePending,
} from '../db/contacts.ts';
import { recordOptOut } from '../db/opt-outs.ts';
import type { ContactJob, DialerDeps } from './deps.ts';

export type FinalState = 'positive' | 'negative' | 'goal_met' | 'opted_out' | 'unreachable';

/**
 * Campaign completion is checked after the contact's transaction commits (never inside it): two
 * last contacts finishing at once would each see the other still open and neither would finish
 * the campaign; checked after commit, the later one sees both.
 *
 * A contact cannot go on in its channel (negative to the end, no address, no consent, opted
 * out): the next channel of the campaign's fallback order takes over at its first allowed
 * instant, or the contact ends with `finalState`.
 */
export async function fallBack(
  deps: DialerDeps,
  db: PoolClient,
  contact: ContactForAttempt,
  finalState: FinalState,
  reason: string,
  now: Date,
): Promise<ContactJob | undefined> {
  const nextIndex = contact.channelIndex + 1;
  const channel = contact.channels[nextIndex];
  if (channel) {
    const at = deps.policy.firstAttemptAt({ channel, timeZone: contact.timeZone, due: now });
    if (at <= contact.endsAt) {
      const seq = await schedulePending(db, contact.id, at, {
        channelIndex: nextIndex,
        resetChannelAttempts: true,
      });
      return { contactId: contact.id, seq, channel, at };
    }
  }
  await finishContact(db, contact.id, finalState, reason, now);
  return undefined;
}

export interface AttemptResultInput {
  attemptId: number;
  outcome: 'positive' | 'negative';
  detail: string;
  gatewayIds?: readonly string[];
  costUnits?: number;
  optOut?: boolean;
}

/**
 * Writes an attempt's result once (a repeated receipt or a late duplicate changes nothing) and
 * lets the policy decide: done, retry later in the same channel, or the next channel.
 */
export async function applyAttemptResult(deps: DialerDeps, input: AttemptResultInput): Promise<void> {
  const now = deps.clock.now();
  let campaignId: number | undefined;
  const job = await inTransaction(deps.pool, async (db) => {
    const attempt = await lockAttempt(db, input.attemptId);
    if (!attempt || attempt.stage === 'done') return undefined;
    campaignId = attempt.campaignId;
    await finishAttempt(db, attempt.id, input.outcome, input.detail, now, input);
    const contact = await loadContact(db, attempt.contactId, true);
    if (!contact || contact.state !== 'in_progress') return undefined;
    if (input.optOut) {
      await recordOptOut(db, contact.clientId, contact.purpose, attempt.channel, 'call_key', now);
      await finishContact(db, contact.id, 'opted_out', `${attempt.channel}_opt_out`, now);
      return undefined;
    }
    return decide(deps, db, contact, attempt.channel, input.outcome, now);
  });
  if (job) await deps.enqueue([job]);
  else if (campaignId !== undefined) await finishCampaignIfDone(deps.pool, campaignId, now);
}

export async function decide(
  deps: DialerDeps,
  db: PoolClient,
  contact: ContactForAttempt,
  channel: OutboundChannel,
  outcome: 'positive' | 'negative',
  now: Date,
): Promise<ContactJob | undefined> {
  const decision = deps.policy.decideNextAttempt(
    {
      channel,
      timeZone: contact.timeZone,
      attemptsMade: contact.attemptsInChannel,
      notAfter: contact.endsAt,
    },
    { outcome },
    now,
  );
  if (decision.action === 'retry') {
    const seq = await schedulePending(db, contact.id, decision.at);
    return { contactId: contact.id, seq, channel, at: decision.at };
  }
  if (decision.outcome === 'positive') {
    if (decision.nextContactNotBefore)
      await recordSpacing(db, contact.clientId, channel, decision.nextContactNotBefore);
    await finishContact(db, contact.id, 'positive', `${channel}_positive`, now);
    return undefined;
  }
  return fallBack(deps, db, contact, 'negative', `${channel}_${decision.reason}`, now);
}

export interface FinishedResult {
  contact: ContactForAttempt;
  attempt: { id: number; channel: OutboundChannel };
  result: Omit<AttemptResultInput, 'attemptId'>;
}

/**
 * Results known when the send returns (mail relayed, call over, notice stored) for contacts just
 * read. The common positive end of a whole batch is one statement (attempt done, contact
 * positive, spacing for every campaign); anything else takes the general path one by one. Each
 * campaign's completion is checked once, after the results are committed.
 */
export async function applyFinishedResults(
  deps: DialerDeps,
  finished: readonly FinishedResult[],
): Promise<void> {
  const now = deps.clock.now();
  const positives = finished.filter((f) => f.result.outcome === 'positive' && !f.result.optOut);
  for (const f of finished) {
    if (!positives.includes(f)) await applyAttemptResult(deps, { attemptId: f.attempt.id, ...f.result });
  }
  if (positives.length === 0) return;
  const rows = positives.map(({ contact, attempt, result }) => {
    const decision = deps.policy.decideNextAttempt(
      {
        channel: attempt.channel,
        timeZone: contact.timeZone,
        attemptsMade: contact.attemptsInChannel + 1,
        notAfter: contact.endsAt,
      },
      { outcome: 'positive' },
      now,
    );
    return {
      attempt_id: attempt.id,
      detail: result.detail,
      gateway_ids: result.gatewayIds ?? null,
      cost_units: result.costUnits ?? null,
      reason: `${attempt.channel}_positive`,
      channel: attempt.channel,
      not_before: decision.action === 'done' ? (decision.nextContactNotBefore?.toISOString() ?? null) : null,
    };
  });
  // One client may have two accounts in a batch: spacing rows are grouped, never upserted twice.
  // The same round trip names the campaigns with no pending contact left: only those can have
  // just ended (a campaign with pending contacts is checked again when they finish). Contacts
  // in progress elsewhere are not trusted here (their batch may commit first): the completion
  // check itself runs after this commit, as everywhere.
  const { rows: maybeDone } = await deps.pool.query<{ id: number }>(
    `with r as (
       select * from jsonb_to_recordset($1::jsonb) as r(attempt_id bigint, detail text, gateway_ids text[],
              cost_units int, reason text, channel text, not_before timestamptz)),
     a as (
       update campaign_attempts ca
          set stage = 'done', result = 'positive', detail = r.detail, finished_at = $2, sent_at = coalesce(ca.sent_at, $2),
              gateway_ids = coalesce(r.gateway_ids, ca.gateway_ids), cost_units = coalesce(r.cost_units, ca.cost_units)
         from r where ca.id = r.attempt_id and ca.stage <> 'done'
        returning ca.contact_id, r.reason, r.channel, r.not_before),
     c as (
       update campaign_contacts cc set state = 'positive', finish_reason = a.reason, finished_at = $2, next_attempt_at = null
         from a where cc.id = a.contact_id and cc.state = 'in_progress'
        returning cc.client_id, a.channel, a.not_before),
     spaced as (
       insert into channel_spacing (client_id, channel, not_before)
       select client_id, channel, max(not_before) from c where not_before is not null group by client_id, channel
       on conflict (client_id, channel) do update set not_before = greatest(channel_spacing.not_before, excluded.not_before))
     select k.id from unnest($3::bigint[]) as k(id)
      where not exists (select 1 from campaign_contacts where campaign_id = k.id and state = 'pending')`,
    [JSON.stringify(rows), now, [...new Set(positives.map((p) => p.contact.campaignId))]],
  );
  for (const { id } of maybeDone) {
    await finishCampaignIfDone(deps.pool, id, now);
  }
}
