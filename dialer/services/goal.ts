import { DateTime } from 'luxon';
import type { BillingApi } from '../../core/billing/index.ts';
import type { CampaignPurpose } from '../../core/vocabulary/index.ts';

export interface GoalCheck {
  /** The campaign's aim is reached: the contact ends positive without being contacted. */
  met: boolean;
  /** The client's own overdue debt right now (debt reminders), for the message. */
  amountKopecks?: number;
  dueDate?: string;
}

/**
 * Re-checks a contact's goal through billing just before an attempt (R-DLR-1): a debt reminder's
 * goal is met once nothing is overdue (a payment counts from the moment it is made); a reading
 * reminder's once every meter has a reading taken this month (client's local month). Notices
 * and information have no goal to meet.
 */
export async function checkGoal(
  billing: BillingApi,
  purpose: CampaignPurpose,
  accountNumber: string,
  now: Date,
  timeZone: string,
): Promise<GoalCheck> {
  if (purpose === 'debt_reminder') {
    const balance = await billing.getBalance({ accountNumber });
    return {
      met: balance.overdueKopecks <= 0,
      amountKopecks: balance.overdueKopecks,
      ...(balance.nextDueDate ? { dueDate: toRussianDate(balance.nextDueDate) } : {}),
    };
  }
  if (purpose === 'reading_reminder') {
    const monthStart = DateTime.fromJSDate(now, { zone: timeZone }).startOf('month').toJSDate();
    const { meters } = await billing.listMeters({ accountNumber });
    const met =
      meters.length > 0 &&
      meters.every((meter) =>
        meter.lastReadings.some((r) => r.takenAt !== undefined && r.takenAt >= monthStart),
      );
    return { met };
  }
  return { met: false };
}

function toRussianDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}
