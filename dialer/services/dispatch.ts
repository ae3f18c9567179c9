import { normalizeRussianPhone } from '../../core/billing/index.ts';
import { inTransaction } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import { type Attempt, claimAttempt, latestAttempt, markSent } from '../db/attempts.ts';
import {
  type ContactForAttempt,
  finishCampaignIfDone,
  finishContact,
  loadContact,
  moveNextAttempt,
} from '../db/contacts.ts';
import type { DialerDeps } from './deps.ts';
import { checkGoal } from './goal.ts';
import { applyAttemptResult, applyFinishedResult, type FinalState, fallBack } from './outcomes.ts';
import { type RenderedMessage, renderMessage, TemplateValueError } from './templates.ts';

/** What became of a contact job: `delay` — run it again at `until` (the job is moved, not lost). */
export type DispatchResult = { kind: 'delay'; until: Date } | { kind: 'done'; what: string };

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

/**
 * One contact job: checks that the job is current and the campaign running, re-checks the goal
 * through billing, the channel's consent/opt-out/spacing and the window, then claims an attempt
 * and sends. At most once: the attempt is claimed in stage `sending` (committed) before the
 * gateway is called, and a job that finds its attempt in that stage after a crash records an
 * unknown result instead of sending again.
 */
export async function processContact(
  deps: DialerDeps,
  contactId: number,
  seq: number,
): Promise<DispatchResult> {
  const contact = await loadContact(deps.pool, contactId);
  if (!contact || contact.jobSeq !== seq) return done('stale');
  if (contact.state === 'in_progress') return resumeAfterCrash(deps, contact);
  if (contact.state !== 'pending') return done('not_pending');
  if (contact.campaignState === 'paused') return done('paused');
  if (contact.campaignState !== 'running') return done(`campaign_${contact.campaignState}`);

  const now = deps.clock.now();
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

  let message: RenderedMessage;
  try {
    message = renderMessage(contact.templates, channel, {
      account: contact.accountNumber ?? '',
      ...(goal.amountKopecks !== undefined ? { amountKopecks: goal.amountKopecks } : {}),
      ...(goal.dueDate ? { dueDate: goal.dueDate } : {}),
      ...(contact.variables.date ? { date: contact.variables.date } : {}),
      ...(contact.address ? { address: contact.address } : {}),
    });
  } catch (error) {
    if (!(error instanceof TemplateValueError)) throw error;
    return endWith(deps, contact, 'unreachable', `${channel}_missing_${error.variable}`);
  }

  const attempt = await claimAttempt(deps.pool, contact.id, seq, channel, now);
  if (!attempt) return done('claimed_elsewhere');
  return send(deps, contact, attempt, address, message);
}

async function send(
  deps: DialerDeps,
  contact: ContactForAttempt,
  attempt: Attempt,
  address: string,
  message: RenderedMessage,
): Promise<DispatchResult> {
  const sender = deps.senders[attempt.channel];
  if (!sender) throw new Error(`no ${attempt.channel} channel configured`);
  let outcome: Awaited<ReturnType<typeof sender.send>>;
  try {
    outcome = await sender.send({
      attemptId: attempt.id,
      campaignId: contact.campaignId,
      contactId: contact.id,
      clientId: contact.clientId,
      accountId: contact.accountId,
      address,
      message,
    });
  } catch (error) {
    // The gateway refused or was unreachable: a negative attempt, the policy decides what next.
    deps.logger?.warn({ err: error, attemptId: attempt.id, channel: attempt.channel }, 'send failed');
    await applyAttemptResult(deps, { attemptId: attempt.id, outcome: 'negative', detail: 'send_failed' });
    return done('send_failed');
  }
  if (outcome.kind === 'accepted') {
    await markSent(deps.pool, attempt.id, outcome.gatewayIds, outcome.costUnits, deps.clock.now());
    return done('sent');
  }
  await applyFinishedResult(deps, contact, attempt, outcome);
  return done(outcome.outcome);
}

/** The job ran before and died mid-way: its attempt may have reached the gateway — never resend. */
async function resumeAfterCrash(deps: DialerDeps, contact: ContactForAttempt): Promise<DispatchResult> {
  const attempt = await latestAttempt(deps.pool, contact.id);
  if (!attempt || attempt.stage === 'done' || attempt.stage === 'sent') return done('in_progress');
  await applyAttemptResult(deps, { attemptId: attempt.id, outcome: 'negative', detail: 'crashed_unknown' });
  return done('crashed_unknown');
}
