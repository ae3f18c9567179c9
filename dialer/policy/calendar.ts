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
