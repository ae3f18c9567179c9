/**
 * What an account owes, from its charges and payments. Payments (and credit corrections) settle
 * the oldest charges first, as bills are paid in practice; what stays unpaid after its payment
 * date is overdue. A charge is due on its payment date and overdue from the next day on.
 */
export interface ChargeDue {
  amountKopecks: number;
  /** "YYYY-MM-DD". */
  dueDate: string;
}

export interface BalanceFigures {
  dueKopecks: number;
  overdueKopecks: number;
  advanceKopecks: number;
  /** Earliest payment date still ahead for an unpaid charge; null if none. */
  nextDueDate: string | null;
}

/** `today` is the local date "YYYY-MM-DD" of the account's owner. */
export function computeBalance(
  charges: readonly ChargeDue[],
  paidKopecks: number,
  today: string,
): BalanceFigures {
  // Negative charges are recalculations in the client's favour: they pay like money does.
  let available = paidKopecks;
  const debits: ChargeDue[] = [];
  for (const charge of charges) {
    if (charge.amountKopecks < 0) available -= charge.amountKopecks;
    else if (charge.amountKopecks > 0) debits.push(charge);
  }
  debits.sort((a, b) => a.dueDate.localeCompare(b.dueDate));

  let dueKopecks = 0;
  let overdueKopecks = 0;
  let nextDueDate: string | null = null;
  for (const charge of debits) {
    const covered = Math.min(available, charge.amountKopecks);
    available -= covered;
    const unpaid = charge.amountKopecks - covered;
    if (unpaid === 0) continue;
    dueKopecks += unpaid;
    if (charge.dueDate < today) overdueKopecks += unpaid;
    else if (nextDueDate === null || charge.dueDate < nextDueDate) nextDueDate = charge.dueDate;
  }
  return { dueKopecks, overdueKopecks, advanceKopecks: available, nextDueDate };
}
