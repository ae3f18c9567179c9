import { normalizeRussianPhone } from '../../core/billing/index.ts';
import { inTransaction, isDatabaseUnavailable, retryWhileUnavailable } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { SendOutcome } from '../channels/channel.ts';
import { type Attempt, claimAttempts, latestAttempt, markSentMany } from '../db/attempts.ts';
import {
  type ContactForAttempt,
  finishCampaignIfDone,
  finishContact,
  loadContacts,
  moveNextAttempt,
} from '../db/contacts.ts';
import type { DialerDeps } from './deps.ts';
import { checkGoal } from './goal.ts';
import {
  applyAttemptResult,
  applyFinishedResults,
  type FinalState,
  type FinishedResult,
  fallBack,
} from './outcomes.ts';
import { isUnconfirmedClaim, rememberUnconfirmedClaims, resendable, undoUnsentClaim } from './resume.ts';
import { type RenderedMessage, renderMessage, TemplateValueError } from './templates.ts';

/**
 * What became of a contact job: `delay` — run it again at `until` (the job is moved, not lost);
 * `retry` — PostgreSQL went away before anything left, run it again after a pause.
 */
export type DispatchResult =
  | { kind: 'delay'; until: Date }
  | { kind: 'retry'; why: string }
  | { kind: 'done'; what: string };

/**
 * How long the results of sends already made are retried while PostgreSQL is away: a message
 * that went out must be recorded (its gateway id, for the receipt), not left to look unknown.
 */
export const RESULT_WRITE_PATIENCE_MS = 5 * 60_000;

const done = (what: string): DispatchResult => ({ kind: 'done', what });

function addressFor(contact: ContactForAttempt, channel: OutboundChannel): string | undefined {
  if (channel === 'phone' || channel === 'sms') {
    for (const phone of contact.phones) {
      const normalized = normalizeRussianPhone(phone);
      if (normalized) return normalized;
    }
    return undefined;
  }
  if (channel === 'email') return contact.email ?? undefined;
  return '';
}

async function endWith(deps: DialerDeps, contact: ContactForAttempt, state: FinalState, reason: string) {
  const now = deps.clock.now();
  const job = await inTransaction(deps.pool, (db) => fallBack(deps, db, contact, state, reason, now));
  if (job) await deps.enqueue([job]);
  else await finishCampaignIfDone(deps.pool, contact.campaignId, now);
  return done(job ? `fallback:${job.channel}` : state);
}

/** A contact job as queued: the contact and the sequence number the job was queued with. */
export interface ContactJobRef {
  contactId: number;
  seq: number;
}

/** A contact that passed every check: only the claim and the send are left. */
interface Ready {
  kind: 'ready';
  contact: ContactForAttempt;
  seq: number;
  channel: OutboundChannel;
  address: string;
  message: RenderedMessage;
  /** An attempt of a resendable channel claimed before a crash: sent again as itself. */
  attempt?: Attempt;
}

/** One contact job (tests, and a batch of one). */
export async function processContact(
  deps: DialerDeps,
  contactId: number,
  seq: number,
): Promise<DispatchResult> {
  const [result] = await processContacts(deps, [{ contactId, seq }]);
  return result!;
}

/**
 * A batch of contact jobs: each is checked (job current, campaign running, still due, goal
 * re-checked through billing, the channel's consent/opt-out/spacing, the window), then every
 * contact left is claimed in one statement, sent, and the results are written in one statement
 * per kind — a few PostgreSQL round trips per batch instead of several per contact.
 *
 * At most once: the attempts are claimed in stage `sending` (committed) before any gateway is
 * called, and a job that finds its attempt in that stage after a crash records an unknown result
 * instead of sending again.
 */
export async function processContacts(
  deps: DialerDeps,
  jobs: readonly ContactJobRef[],
): Promise<DispatchResult[]> {
  const contacts = await loadContacts(deps.pool, [...new Set(jobs.map((job) => job.contactId))]);
  const now = deps.clock.now();
  const prepared = await Promise.all(
    jobs.map((job) => prepare(deps, contacts.get(job.contactId), job.seq, now)),
  );
  const ready: Ready[] = [];
  const results: Array<DispatchResult | Ready> = prepared.map((item) => {
    if (item.kind !== 'ready') return item;
    // The same job twice in a batch (a stalled job re-run): one claim, never two sends.
    if (ready.some((other) => other.contact.id === item.contact.id)) return done('claimed_elsewhere');
    ready.push(item);
    return item;
  });
  if (ready.length === 0) return results as DispatchResult[];

  const claims = ready
    .filter((r) => !r.attempt)
    .map((r) => ({ contactId: r.contact.id, jobSeq: r.seq, channel: r.channel }));
  const attempts = await claimAttempts(deps.pool, claims, now).catch((error: unknown) => {
    // Committed or not, nothing of these was sent: their retry may take the claim back.
    if (isDatabaseUnavailable(error)) rememberUnconfirmedClaims(deps, claims);
    throw error;
  });
  const sent: Parameters<typeof markSentMany>[1][number][] = [];
  const finished: FinishedResult[] = [];
  const outcomes = new Map<Ready, DispatchResult>();
  await Promise.all(
    ready.map(async (item) => {
      const attempt = item.attempt ?? attempts.get(item.contact.id);
      if (!attempt) return void outcomes.set(item, done('claimed_elsewhere'));
      const outcome = await send(deps, item, attempt);
      if (outcome === 'send_failed') return void outcomes.set(item, done('send_failed'));
      if (outcome === 'store_unavailable')
        return void outcomes.set(item, { kind: 'retry', why: 'database_unavailable' });
      if (outcome.kind === 'accepted') {
        sent.push({ attemptId: attempt.id, gatewayIds: outcome.gatewayIds, costUnits: outcome.costUnits });
        return void outcomes.set(item, done('sent'));
      }
      finished.push({ contact: item.contact, attempt, result: outcome });
      outcomes.set(item, done(outcome.outcome));
    }),
  );
  const patience = {
    maxWaitMs: RESULT_WRITE_PATIENCE_MS,
    onWait: (error: unknown, waitedMs: number) => {
      if (waitedMs === 0)
        deps.logger?.warn(
          { err: error, results: sent.length + finished.length },
          'results wait for PostgreSQL',
        );
    },
  };
  // Both are idempotent (stage guards), so a statement whose commit was not seen runs again.
  await retryWhileUnavailable(() => markSentMany(deps.pool, sent, deps.clock.now()), patience);
  await retryWhileUnavailable(() => applyFinishedResults(deps, finished), patience);
  return results.map((item) => (item.kind === 'ready' ? outcomes.get(item)! : item));
}

/** Everything before the claim for one contact; the rare endings are written here one by one. */
async function prepare(
  deps: DialerDeps,
  contact: ContactForAttempt | undefined,
  seq: number,
  now: Date,
): Promise<DispatchResult | Ready> {
  if (!contact || contact.jobSeq !== seq) return done('stale');
  if (contact.state === 'in_progress') return resumeAfterCrash(deps, contact, seq, now);
  if (contact.state !== 'pending') return done('not_pending');
  if (contact.campaignState === 'paused') return done('paused');
  if (contact.campaignState !== 'running') return done(`campaign_${contact.campaignState}`);

  if (contact.nextAttemptAt && now < contact.nextAttemptAt)
    return { kind: 'delay', until: contact.nextAttemptAt };
  if (now > contact.endsAt) {
    await finishContact(deps.pool, contact.id, 'negative', 'campaign_ended', now);
    await finishCampaignIfDone(deps.pool, contact.campaignId, now);
    return done('campaign_ended');
  }

  const goal = contact.accountNumber
    ? await checkGoal(deps.billing, contact.purpose, contact.accountNumber, now, contact.timeZone)
    : { met: false };
  if (goal.met) {
    await finishContact(deps.pool, contact.id, 'goal_met', 'goal_met_before_attempt', now);
    await finishCampaignIfDone(deps.pool, contact.campaignId, now);
    return done('goal_met');
  }

  const channel = contact.channels[contact.channelIndex]!;
  const address = addressFor(contact, channel);
  if (address === undefined) return endWith(deps, contact, 'unreachable', `${channel}_no_address`);
  const { standing } = contact;
  if (standing.optedOut) return endWith(deps, contact, 'opted_out', `${channel}_opted_out`);
  if (standing.consent === false) return endWith(deps, contact, 'unreachable', `${channel}_no_consent`);

  const allowedAt = deps.policy.firstAttemptAt({
    channel,
    timeZone: contact.timeZone,
    due: now,
    ...(standing.notBefore ? { notBefore: standing.notBefore } : {}),
  });
  if (allowedAt > contact.endsAt) return endWith(deps, contact, 'negative', `${channel}_campaign_ended`);
  if (allowedAt > now) {
    await moveNextAttempt(deps.pool, contact.id, allowedAt);
    return { kind: 'delay', until: allowedAt };
  }

  try {
    return { kind: 'ready', contact, seq, channel, address, message: render(contact, channel, goal) };
  } catch (error) {
    if (!(error instanceof TemplateValueError)) throw error;
    return endWith(deps, contact, 'unreachable', `${channel}_missing_${error.variable}`);
  }
}

function render(
  contact: ContactForAttempt,
  channel: OutboundChannel,
  goal: { amountKopecks?: number; dueDate?: string },
): RenderedMessage {
  return renderMessage(contact.templates, channel, {
    account: contact.accountNumber ?? '',
    ...(goal.amountKopecks !== undefined ? { amountKopecks: goal.amountKopecks } : {}),
    ...(goal.dueDate ? { dueDate: goal.dueDate } : {}),
    ...(contact.variables.date ? { date: contact.variables.date } : {}),
    ...(contact.address ? { address: contact.address } : {}),
  });
}

/** The gateway's answer; a refused or unreachable gateway is a negative attempt, written here. */
async function send(
  deps: DialerDeps,
  item: Ready,
  attempt: Attempt,
): Promise<SendOutcome | 'send_failed' | 'store_unavailable'> {
  const sender = deps.senders[attempt.channel];
  if (!sender) throw new Error(`no ${attempt.channel} channel configured`);
  try {
    return await sender.send({
      attemptId: attempt.id,
      campaignId: item.contact.campaignId,
      contactId: item.contact.id,
      clientId: item.contact.clientId,
      accountId: item.contact.accountId,
      address: item.address,
      message: item.message,
    });
  } catch (error) {
    // Only the notice channels write to PostgreSQL, before anything reaches the client: their
    // attempt is sent again as itself when the job comes back (see resume.ts).
    if (isDatabaseUnavailable(error) && resendable(attempt.channel)) return 'store_unavailable';
    deps.logger?.warn({ err: error, attemptId: attempt.id, channel: attempt.channel }, 'send failed');
    await retryWhileUnavailable(
      () => applyAttemptResult(deps, { attemptId: attempt.id, outcome: 'negative', detail: 'send_failed' }),
      { maxWaitMs: RESULT_WRITE_PATIENCE_MS },
    );
    return 'send_failed';
  }
}

/**
 * The job ran before and stopped mid-way (process died, PostgreSQL went away). Its attempt, still
 * `sending`: taken back when this process knows it never left (claim unconfirmed); sent again as
 * the same attempt on a resendable channel (idempotent, see resume.ts); otherwise it may have
 * reached the gateway — never sent twice, recorded `crashed_unknown` (negative: the policy goes
 * on, the supervisor sees it in the contact's history).
 */
async function resumeAfterCrash(
  deps: DialerDeps,
  contact: ContactForAttempt,
  seq: number,
  now: Date,
): Promise<DispatchResult | Ready> {
  const attempt = await latestAttempt(deps.pool, contact.id);
  if (!attempt || attempt.stage === 'done' || attempt.stage === 'sent') return done('in_progress');
  if (isUnconfirmedClaim(deps, contact.id, seq) && (await undoUnsentClaim(deps, attempt, seq)))
    return { kind: 'delay', until: now };
  if (resendable(attempt.channel)) {
    const goal = contact.accountNumber
      ? await checkGoal(deps.billing, contact.purpose, contact.accountNumber, now, contact.timeZone)
      : {};
    try {
      const message = render(contact, attempt.channel, goal);
      return { kind: 'ready', contact, seq, channel: attempt.channel, address: '', message, attempt };
    } catch (error) {
      if (!(error instanceof TemplateValueError)) throw error;
    }
  }
  await applyAttemptResult(deps, { attemptId: attempt.id, outcome: 'negative', detail: 'crashed_unknown' });
  return done('crashed_unknown');
}
