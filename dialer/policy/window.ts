import { DateTime, IANAZone } from 'luxon';
import type { HolidayCalendar } from './calendar.ts';
import { ContactPolicyError } from './errors.ts';
import { CONTACT_WINDOW_END_HOUR, CONTACT_WINDOW_START_HOUR } from './standard.ts';

/**
 * Holidays come in runs (the New Year break is 8–11 days); a year without a single allowed
 * day means the calendar is broken, and we say so instead of looping forever.
 */
const MAX_DAYS_SEARCHED = 366;

function localDateTime(at: Date, timeZone: string): DateTime {
  if (!IANAZone.isValidZone(timeZone)) throw new ContactPolicyError(`not an IANA time zone: ${timeZone}`);
  if (Number.isNaN(at.getTime())) throw new ContactPolicyError('invalid instant');
  return DateTime.fromJSDate(at, { zone: timeZone });
}

function windowOf(day: DateTime): { start: DateTime; end: DateTime } {
  const midnight = day.startOf('day');
  return {
    start: midnight.set({ hour: CONTACT_WINDOW_START_HOUR }),
    end: midnight.set({ hour: CONTACT_WINDOW_END_HOUR }),
  };
}

/** Phone and SMS may reach the client at `at`: 10:00 ≤ local time < 20:00 on a non-holiday. */
export function isAllowedInstant(at: Date, timeZone: string, calendar: HolidayCalendar): boolean {
  const local = localDateTime(at, timeZone);
  if (calendar.isHoliday(local.toISODate()!)) return false;
  const { start, end } = windowOf(local);
  return local >= start && local < end;
}

/**
 * The earliest instant ≥ `at` at which phone or SMS may reach the client: `at` itself when it
 * is allowed, otherwise 10:00 local of the same day (if still ahead) or of the next non-holiday.
 */
export function nextAllowedInstant(at: Date, timeZone: string, calendar: HolidayCalendar): Date {
  let local = localDateTime(at, timeZone);
  for (let day = 0; day <= MAX_DAYS_SEARCHED; day++) {
    if (!calendar.isHoliday(local.toISODate()!)) {
      const { start, end } = windowOf(local);
      if (local < start) return start.toJSDate();
      if (local < end) return local.toJSDate();
    }
    local = local.startOf('day').plus({ days: 1 });
  }
  throw new ContactPolicyError(`no allowed day within ${MAX_DAYS_SEARCHED} days after ${at.toISOString()}`);
}

/** `days` calendar days later in the client's zone (same local clock time). */
export function plusLocalDays(at: Date, days: number, timeZone: string): Date {
  return localDateTime(at, timeZone).plus({ days }).toJSDate();
}
