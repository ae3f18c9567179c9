import { DateTime, IANAZone } from 'luxon';
import {
  type HolidayRest,
  isOutboundAllowed,
  nextAllowedOutboundInstant,
} from '../../core/calendar/index.ts';
import type { HolidayCalendar } from './calendar.ts';
import { ContactPolicyError } from './errors.ts';

/** Zones seen valid: luxon checks by building an Intl formatter each time, costly per contact. */
const validZones = new Set<string>();

/**
 * The 10:00–20:00 local, no-holidays window itself is `core/calendar`'s (one rule for the whole
 * platform); the policy adds input checks that name the bad value, and its own holiday source.
 */
function checked(at: Date, timeZone: string): void {
  if (!validZones.has(timeZone)) {
    if (!IANAZone.isValidZone(timeZone)) throw new ContactPolicyError(`not an IANA time zone: ${timeZone}`);
    validZones.add(timeZone);
  }
  if (Number.isNaN(at.getTime())) throw new ContactPolicyError('invalid instant');
}

function asHolidayRest(calendar: HolidayCalendar): HolidayRest {
  return { isHolidayRest: (date) => calendar.isHoliday(date) };
}

/** Phone and SMS may reach the client at `at`: 10:00 ≤ local time < 20:00 on a non-holiday. */
export function isAllowedInstant(at: Date, timeZone: string, calendar: HolidayCalendar): boolean {
  checked(at, timeZone);
  return isOutboundAllowed(at, timeZone, asHolidayRest(calendar));
}

/**
 * The earliest instant ≥ `at` at which phone or SMS may reach the client: `at` itself when it
 * is allowed, otherwise 10:00 local of the same day (if still ahead) or of the next non-holiday.
 */
export function nextAllowedInstant(at: Date, timeZone: string, calendar: HolidayCalendar): Date {
  checked(at, timeZone);
  return nextAllowedOutboundInstant(at, timeZone, asHolidayRest(calendar));
}

/** `days` calendar days later in the client's zone (same local clock time). */
export function plusLocalDays(at: Date, days: number, timeZone: string): Date {
  checked(at, timeZone);
  return DateTime.fromJSDate(at, { zone: timeZone }).plus({ days }).toJSDate();
}
