import { type AccountPlan, HISTORY_MONTHS, type SeedContext } from './plan-account.ts';
import type { ChargePlan } from './plan-usage.ts';
import { Random, STREAM } from './prng.ts';
import { localInstant, monthStart, withDay } from './time.ts';

export interface PaymentPlan {
  /** Epoch ms. */
  paidAt: number;
  creditedAt: number | null;
  amountKopecks: number;
  method: string;
  reference: string;
}

/**
 * Payments follow the account's behaviour: most pay each bill by its due date (the 10th of the
 * next month), some late, some only part, some stopped paying a few months ago (the debtors the
 * dialer reminds). Nothing is paid on or after asOf.
 */
export function planPayments(
  ctx: SeedContext,
  account: AccountPlan,
  charges: readonly ChargePlan[],
): PaymentPlan[] {
  const rng = new Random(ctx.seed, account.index, STREAM.payments);
  const asOfStart = localInstant(ctx.asOf, 0, 0);
  const payments: PaymentPlan[] = [];
  const bills: number[] = new Array(HISTORY_MONTHS).fill(0);
  const firstPeriod = monthStart(ctx.asOf, -HISTORY_MONTHS);
  for (const charge of charges) {
    bills[(charge.period.year - firstPeriod.year) * 12 + charge.period.month - firstPeriod.month]! +=
      charge.amountKopecks;
  }
  const months = account.behaviour === 'stopped' ? account.paidMonths : HISTORY_MONTHS;
  for (let m = 0; m < months; m++) {
    const nextMonth = monthStart(ctx.asOf, m - HISTORY_MONTHS + 1);
    const bill = bills[m] ?? 0;
    // Late payers pay 5–45 days after the 10th (localInstant rolls the day over into later months).
    const payDay =
      account.behaviour === 'late'
        ? { ...nextMonth, day: 10 + rng.int(5, 45) }
        : withDay(nextMonth, rng.int(1, 10));
    let amount = bill;
    if (account.behaviour === 'rounded') amount = Math.ceil(bill / 10_000) * 10_000;
    if (account.behaviour === 'partial')
      amount = Math.round((bill * rng.around(0.7, 0.3, 0.3, 0.95)) / 100) * 100;
    const paidAt = localInstant(payDay, rng.int(7, 22), rng.int(0, 59), rng.int(0, 59));
    const creditDelayDays = account.paymentMethod === 'post' ? rng.int(3, 6) : rng.int(0, 2);
    const reference =
      account.paymentMethod === 'bank_transfer' ? `п/п № ${rng.int(100, 9999)}` : rng.digits(12);
    if (amount <= 0 || paidAt >= asOfStart) continue;
    const creditedAt = paidAt + creditDelayDays * 86_400_000;
    payments.push({
      paidAt,
      creditedAt: creditedAt < asOfStart ? creditedAt : null,
      amountKopecks: amount,
      method: account.paymentMethod,
      reference,
    });
  }
  return payments;
}
