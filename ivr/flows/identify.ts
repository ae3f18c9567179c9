import { BillingError } from '../../core/billing/index.ts';
import { databaseUnavailable } from '../db/unavailable.ts';
import type { Dialog } from './dialog.ts';
import { spokenDigits, spokenYesNoKey } from './spoken-answers.ts';

const REASON_PROMPT = {
  malformed_account: 'malformedAccount',
  unknown_account: 'unknownAccount',
  second_factor_mismatch: 'secondFactorMismatch',
  billing_unavailable: 'billingUnavailable',
} as const;

/**
 * Identification before any personal data (R-IVR-5): the account number by DTMF ending in '#'
 * (or the account linked to the caller's number, if the caller confirms it) plus a second factor
 * from the account: apartment, or house number for a private house. Failure or refusal → false,
 * and the flow must not reach billing data.
 */
export async function identify(dialog: Dialog): Promise<boolean> {
  if (dialog.account) return true;
  const { session, deps } = dialog;
  for (let attempt = 1; attempt <= dialog.settings.maxAttempts; attempt++) {
    let accountNumber: string | undefined;
    if (dialog.linkedAccounts.length === 1 && attempt === 1) {
      const choice = await dialog.ask(['phoneLinked'], {
        numDigits: 1,
        valid: (d) => d === '1' || d === '2',
        spoken: spokenYesNoKey,
        what: 'linked_account',
      });
      if (choice === '1') accountNumber = dialog.linkedAccounts[0];
    }
    accountNumber ??= await dialog.ask(['askAccount'], {
      finishOnKey: '#',
      maxDigits: 16,
      timeoutMs: 8_000,
      interDigitTimeoutMs: 4_000,
      spoken: spokenDigits,
      what: 'account_number',
    });
    if (!accountNumber) break;
    const secondFactor = await dialog.ask(['askSecondFactor'], {
      finishOnKey: '#',
      maxDigits: 6,
      timeoutMs: 8_000,
      spoken: spokenDigits,
      what: 'second_factor',
    });
    if (!secondFactor) break;
    const result = await deps.selfService.identify({ accountNumber, secondFactor });
    if (result.ok) {
      dialog.account = result.account;
      session.step('identified', { attempt });
      // Only for the desktop's client card: PostgreSQL down (billing elsewhere up) costs the link, not the call.
      const refs = await deps.accountRefs(result.account.accountNumber).catch((error) => {
        if (databaseUnavailable(error)) return undefined;
        throw error;
      });
      if (refs) {
        await deps.interactions.update(session.interactionId, {
          accountId: refs.accountId,
          clientId: refs.clientId,
        });
      }
      await dialog.say('identified');
      return true;
    }
    session.step('identification_failed', { attempt, reason: result.reason });
    // Billing unreachable: the menu tells the caller and offers an operator (flows/call.ts).
    if (result.reason === 'billing_unavailable') throw new BillingError('unavailable', 'billing unavailable');
    await dialog.say(REASON_PROMPT[result.reason]);
  }
  session.step('identification_refused');
  await dialog.say('notIdentified');
  return false;
}
