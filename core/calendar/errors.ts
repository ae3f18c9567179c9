/** Problems with calendar data or with a question the calendar cannot answer. */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** A date outside the years for which a production calendar file exists. */
export class CalendarRangeError extends CalendarError {
  override name = 'CalendarRangeError';
  constructor(readonly year: number) {
    super(
      `no production calendar for ${year}: add core/calendar/data/${year}.json (see README, "Working time")`,
    );
  }
}

/** The standard sets no deadline for this (deadline group, kind) pair. */
export class DeadlineRuleMissingError extends CalendarError {
  override name = 'DeadlineRuleMissingError';
}
