import { CalendarError } from './errors.ts';
import { instantAt, localDateOf, plusDays } from './local-date.ts';
import { type ProductionCalendar, productionCalendar } from './production-calendar.ts';

/** All the outbound window needs from a calendar: is this local date a holiday rest day. */
export type HolidayRest = Pick<ProductionCalendar, 'isHolidayRest'>;

/**
 * R-DLR-3 / standard 9.1: informing by phone and SMS "ежедневно с 10.00 до 20.00 по местному
 * времени, кроме праздничных дней". Local means the client's zone, holidays are judged by the
 * client's local date, weekends are allowed, 20:00:00 itself is already outside.
 */
const MAX_DAYS_SEARCHED = 366;

export const OUTBOUND_OPENS = '10:00';
export const OUTBOUND_CLOSES = '20:00';

export function isOutboundAllowed(
  instant: Date,
  clientTimeZone: string,
  calendar: HolidayRest = productionCalendar(),
): boolean {
  const date = localDateOf(instant, clientTimeZone);
  if (calendar.isHolidayRest(date)) return false;
  const t = instant.getTime();
  return (
    t >= instantAt(date, OUTBOUND_OPENS, clientTimeZone).getTime() &&
    t < instantAt(date, OUTBOUND_CLOSES, clientTimeZone).getTime()
  );
}

/** The earliest instant at or after `instant` when a call or SMS to this client is allowed. */
export function nextAllowedOutboundInstant(
  instant: Date,
  clientTimeZone: string,
  calendar: HolidayRest = productionCalendar(),
): Date {
  if (isOutboundAllowed(instant, clientTimeZone, calendar)) return instant;
  let date = localDateOf(instant, clientTimeZone);
  // Past today's window: start looking tomorrow; before it: today's opening may still come.
  if (instant.getTime() >= instantAt(date, OUTBOUND_OPENS, clientTimeZone).getTime())
    date = plusDays(date, 1);
  // Holidays come in runs of at most a couple of weeks; a year with no allowed day means the
  // calendar data is broken, and saying so beats looping forever.
  for (let searched = 0; calendar.isHolidayRest(date); searched++) {
    if (searched >= MAX_DAYS_SEARCHED) {
      throw new CalendarError(
        `no allowed day for outbound contact within ${MAX_DAYS_SEARCHED} days of ${date}`,
      );
    }
    date = plusDays(date, 1);
  }
  return instantAt(date, OUTBOUND_OPENS, clientTimeZone);
}
