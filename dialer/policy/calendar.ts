import { type ProductionCalendar, productionCalendar } from '../../core/calendar/index.ts';

/**
 * What the policy needs from the production calendar: whether a local date (`YYYY-MM-DD`) is a
 * holiday on which clients must not be called or texted. Weekends are NOT holidays here — the
 * standard allows informing "daily … except holidays".
 */
export interface HolidayCalendar {
  isHoliday(localDate: string): boolean;
}

/** A calendar over an explicit list of dates, for tests and for retailers with local holidays. */
export function holidayCalendarOf(dates: Iterable<string>): HolidayCalendar {
  const holidays = new Set(dates);
  return { isHoliday: (localDate) => holidays.has(localDate) };
}

/**
 * The production calendar of `core/calendar` as the policy sees it: public holidays plus the
 * weekdays off they bring (`isHolidayRest`). A year without calendar data is an error there,
 * so the dialer never guesses whether a date is a holiday.
 */
export function productionHolidays(calendar: ProductionCalendar = productionCalendar()): HolidayCalendar {
  return { isHoliday: (localDate) => calendar.isHolidayRest(localDate) };
}
