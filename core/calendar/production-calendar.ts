import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CalendarError, CalendarRangeError } from './errors.ts';
import { plusDays, weekdayOf, yearOf } from './local-date.ts';
import { type LocalDate, localDateSchema, type ProductionYear, productionYearSchema } from './schemas.ts';

export const CALENDAR_DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** What a date is in the production calendar. */
export type DayKind = 'working' | 'weekend' | 'holiday' | 'day_off';

/**
 * The Russian production calendar over the years that have a data file. Asking about a year
 * without one is an error, never a guess: deadlines must not silently ignore holidays.
 */
export class ProductionCalendar {
  private readonly years = new Map<number, ProductionYear>();
  private readonly holidays = new Set<LocalDate>();
  private readonly daysOff = new Set<LocalDate>();
  private readonly workingWeekendDays = new Set<LocalDate>();
  private readonly shortenedDays = new Set<LocalDate>();

  constructor(years: readonly ProductionYear[]) {
    for (const year of years) {
      if (this.years.has(year.year))
        throw new CalendarError(`production calendar for ${year.year} given twice`);
      this.years.set(year.year, year);
      for (const date of year.holidays) this.holidays.add(date);
      for (const { date } of year.daysOff) this.daysOff.add(date);
      for (const { date } of year.workingWeekendDays) this.workingWeekendDays.add(date);
      for (const date of year.shortenedDays) this.shortenedDays.add(date);
    }
  }

  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  yearData(year: number): ProductionYear {
    const data = this.years.get(year);
    if (!data) throw new CalendarRangeError(year);
    return data;
  }

  dayKind(date: LocalDate): DayKind {
    this.yearData(yearOf(localDateSchema.parse(date)));
    if (this.holidays.has(date)) return 'holiday';
    if (this.daysOff.has(date)) return 'day_off';
    if (this.workingWeekendDays.has(date)) return 'working';
    return weekdayOf(date) >= 6 ? 'weekend' : 'working';
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.dayKind(date) === 'working';
  }

  /** A public holiday of art. 112 of the Labour Code (whatever day of the week it falls on). */
  isPublicHoliday(date: LocalDate): boolean {
    return this.dayKind(date) === 'holiday';
  }

  /** A working day one hour shorter because a holiday follows (art. 95 of the Labour Code). */
  isShortenedDay(date: LocalDate): boolean {
    return this.isWorkingDay(date) && this.shortenedDays.has(date);
  }

  /**
   * Holidays in the sense of the standard's "daily except holidays" rule for calls and SMS:
   * the public holidays plus the weekdays off that the holidays brought (moved rest days such
   * as 2026-03-09 or 2026-12-31). Ordinary Saturdays and Sundays are not holidays.
   */
  isHolidayRest(date: LocalDate): boolean {
    const kind = this.dayKind(date);
    return kind === 'holiday' || kind === 'day_off';
  }

  /** The `n`-th working day strictly after `date` (n = 0 returns `date` itself). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0)
      throw new CalendarError(`working days to add must be a whole number >= 0, got ${n}`);
    let current = localDateSchema.parse(date);
    let left = n;
    while (left > 0) {
      current = plusDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return current;
  }

  /** The first working day on or after `date`. */
  workingDayOnOrAfter(date: LocalDate): LocalDate {
    let current = localDateSchema.parse(date);
    while (!this.isWorkingDay(current)) current = plusDays(current, 1);
    return current;
  }
}

/** Reads and validates every `YYYY.json` in `dir`; a bad file is reported with its name. */
export function loadProductionCalendar(dir: string = CALENDAR_DATA_DIR): ProductionCalendar {
  const files = readdirSync(dir)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .sort();
  if (files.length === 0) throw new CalendarError(`no production calendar files (YYYY.json) in ${dir}`);
  return new ProductionCalendar(files.map((name) => parseYearFile(join(dir, name), name)));
}

function parseYearFile(path: string, name: string): ProductionYear {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CalendarError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = productionYearSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new CalendarError(`${name}: invalid production calendar:\n  ${problems.join('\n  ')}`);
  }
  if (`${parsed.data.year}.json` !== name) {
    throw new CalendarError(`${name}: holds year ${parsed.data.year}; the file name must match it`);
  }
  return parsed.data;
}

let defaultCalendar: ProductionCalendar | undefined;

/** The calendar shipped in `core/calendar/data` (with the admin's saved years, once installed), loaded once. */
export function productionCalendar(): ProductionCalendar {
  defaultCalendar ??= loadProductionCalendar();
  return defaultCalendar;
}

/** Replaces this process's default calendar (the platform runner installs the saved settings at start). */
export function installProductionCalendar(calendar: ProductionCalendar): void {
  defaultCalendar = calendar;
}

/** Is `date` (YYYY-MM-DD) a working day of the shipped calendar? */
export function isWorkingDay(date: LocalDate, calendar: ProductionCalendar = productionCalendar()): boolean {
  return calendar.isWorkingDay(date);
}

/** The `n`-th working day after `date` in the shipped calendar. */
export function addWorkingDays(
  date: LocalDate,
  n: number,
  calendar: ProductionCalendar = productionCalendar(),
): LocalDate {
  return calendar.addWorkingDays(date, n);
}
