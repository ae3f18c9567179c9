import { inTransaction } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { Attempt } from '../db/attempts.ts';
import type { DialerDeps } from './deps.ts';

/**
 * Channels whose send may be repeated for the same attempt without reaching the client twice:
 * the notice row is unique per attempt, and the push POST carries the attempt's idempotency key
 * (its job id too), which the gateway delivers once by contract. An attempt of these channels
 * found `sending` after a crash is sent again as the same attempt — it ends with a real result
 * (stored / the gateway's receipt) instead of an unknown one. SMS, e-mail and calls have no such
 * key at their gateways: theirs end `crashed_unknown`, never sent twice.
 */
const RESENDABLE: ReadonlySet<OutboundChannel> = new Set(['push', 'online_account']);

export const resendable = (channel: OutboundChannel) => RESENDABLE.has(channel);

/**
 * Claims whose commit this process did not see confirmed (PostgreSQL went away during the
 * statement) and that it therefore never handed to a gateway, by `contact:seq`. Only the job
 * with that sequence number can claim the contact, and its retry comes back here: such a claim,
 * if it did commit, is undone instead of recorded as a crash. Lost with the process — then the
 * careful `crashed_unknown` applies.
 */
const unconfirmed = new WeakMap<DialerDeps, Set<string>>();
const keyOf = (contactId: number, seq: number) => `${contactId}:${seq}`;

export function rememberUnconfirmedClaims(
  deps: DialerDeps,
  claims: ReadonlyArray<{ contactId: number; jobSeq: number }>,
) {
  let set = unconfirmed.get(deps);
  if (!set) {
    set = new Set();
    unconfirmed.set(deps, set);
  }
  for (const claim of claims) set.add(keyOf(claim.contactId, claim.jobSeq));
}

export function forgetUnconfirmedClaim(deps: DialerDeps, contactId: number, seq: number): void {
  unconfirmed.get(deps)?.delete(keyOf(contactId, seq));
}

export function isUnconfirmedClaim(deps: DialerDeps, contactId: number, seq: number): boolean {
  return unconfirmed.get(deps)?.has(keyOf(contactId, seq)) ?? false;
}

/**
 * Takes back a claim that committed although this process saw it fail, and sent nothing: the
 * attempt row goes, the contact is pending again with the same job (its counters as before).
 * False when something else touched the attempt meanwhile (then it is left as it is).
 */
export async function undoUnsentClaim(deps: DialerDeps, attempt: Attempt, seq: number): Promise<boolean> {
  const undone = await inTransaction(deps.pool, async (db) => {
    const removed = await db.query(
      `delete from campaign_attempts a where a.id = $1 and a.stage = 'sending'
          and not exists (select 1 from client_notices n where n.attempt_id = a.id)`,
      [attempt.id],
    );
    if (removed.rowCount !== 1) return false;
    const reopened = await db.query(
      `update campaign_contacts
          set state = 'pending', attempts_in_channel = attempts_in_channel - 1, attempts_total = attempts_total - 1
        where id = $1 and state = 'in_progress' and job_seq = $2`,
      [attempt.contactId, seq],
    );
    if (reopened.rowCount !== 1) throw new ClaimMovedOnError();
    return true;
  }).catch((error: unknown) => {
    if (error instanceof ClaimMovedOnError) return false;
    throw error;
  });
  forgetUnconfirmedClaim(deps, attempt.contactId, seq);
  return undone;
}

class ClaimMovedOnError extends Error {}
