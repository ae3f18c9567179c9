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

async function decide(
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

/**
 * A result known when the send returns (mail relayed, call over, notice stored) for a contact
 * just read: the common positive end is written in one statement; anything else takes the
 * general path.
 */
export async function applyFinishedResult(
  deps: DialerDeps,
  contact: ContactForAttempt,
  attempt: { id: number; channel: OutboundChannel },
  result: Omit<AttemptResultInput, 'attemptId'>,
): Promise<void> {
  const input = { attemptId: attempt.id, ...result };
  if (result.optOut || result.outcome !== 'positive') return applyAttemptResult(deps, input);
  const now = deps.clock.now();
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
  const notBefore = decision.action === 'done' ? (decision.nextContactNotBefore ?? null) : null;
  await deps.pool.query(
    `with a as (
       update campaign_attempts
          set stage = 'done', result = 'positive', detail = $2, finished_at = $3, sent_at = coalesce(sent_at, $3),
              gateway_ids = coalesce($4, gateway_ids), cost_units = coalesce($5, cost_units)
        where id = $1 and stage <> 'done' returning contact_id),
     c as (
       update campaign_contacts set state = 'positive', finish_reason = $6, finished_at = $3, next_attempt_at = null
        where id = (select contact_id from a) and state = 'in_progress' returning client_id)
     insert into channel_spacing (client_id, channel, not_before)
     select client_id, $7, $8 from c where $8::timestamptz is not null
     on conflict (client_id, channel) do update set not_before = greatest(channel_spacing.not_before, excluded.not_before)`,
    [
      attempt.id,
      result.detail,
      now,
      result.gatewayIds ?? null,
      result.costUnits ?? null,
      `${attempt.channel}_positive`,
      attempt.channel,
      notBefore,
    ],
  );
  await finishCampaignIfDone(deps.pool, contact.campaignId, now);
}
