import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CalendarError } from './errors.ts';
import { instantAt, localDateOf, plusDays, weekdayOf } from './local-date.ts';
import { type ProductionCalendar, productionCalendar } from './production-calendar.ts';
import { clockTimeSchema, type LocalDate, localDateSchema } from './schemas.ts';

const hoursSchema = z
  .object({ open: clockTimeSchema, close: clockTimeSchema })
  .refine((h) => h.open < h.close, 'open must be earlier than close');
/** Opening hours of one day; `null` = closed. */
const dayHoursSchema = hoursSchema.nullable();
export type DayHours = z.infer<typeof dayHoursSchema>;

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * When ЕКЦ operators take calls and chats (standard 4.2: "по графику работы ЕКЦ"; the robot
 * works around the clock). The standard leaves the hours to the retailer, so they are
 * configuration; the default is documented in the README.
 */
export const ekcScheduleSchema = z.object({
  weekly: z.object({
    mon: dayHoursSchema,
    tue: dayHoursSchema,
    wed: dayHoursSchema,
    thu: dayHoursSchema,
    fri: dayHoursSchema,
    sat: dayHoursSchema,
    sun: dayHoursSchema,
  }),
  /** Hours of a Saturday or Sunday made a working day by decree (it replaces a weekday). */
  workingWeekendDay: dayHoursSchema,
  /** Hours on public holidays and the weekdays off they bring; `null` = closed. */
  holidayRest: dayHoursSchema,
  /** Single dates with their own hours (e.g. a shortened pre-holiday evening), beating all rules. */
  exceptions: z
    .array(z.object({ date: localDateSchema, hours: dayHoursSchema, note: z.string().optional() }))
    .default([]),
});
export type EkcSchedule = z.infer<typeof ekcScheduleSchema>;

const weekdayHours = { open: '08:00', close: '20:00' };
export const DEFAULT_EKC_SCHEDULE: EkcSchedule = {
  weekly: {
    mon: weekdayHours,
    tue: weekdayHours,
    wed: weekdayHours,
    thu: weekdayHours,
    fri: weekdayHours,
    sat: { open: '09:00', close: '18:00' },
    sun: null,
  },
  workingWeekendDay: weekdayHours,
  holidayRest: null,
  exceptions: [],
};

let installedSchedule: EkcSchedule | undefined;

/** The schedule in effect when none is passed: the admin's saved one once installed, else the default. */
export function defaultEkcSchedule(): EkcSchedule {
  return installedSchedule ?? DEFAULT_EKC_SCHEDULE;
}

/** Makes `schedule` this process's default (the platform runner installs the saved one at start). */
export function installEkcSchedule(schedule: EkcSchedule): void {
  installedSchedule = ekcScheduleSchema.parse(schedule);
}

/** Reads a schedule from a JSON file (HOTLINE_EKC_SCHEDULE_FILE); every problem is named. */
export function loadEkcSchedule(path: string): EkcSchedule {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CalendarError(`ЕКЦ schedule ${path}: cannot read JSON (${(error as Error).message})`);
  }
  const parsed = ekcScheduleSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new CalendarError(`ЕКЦ schedule ${path} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export interface EkcContext {
  schedule?: EkcSchedule;
  calendar?: ProductionCalendar;
  timeZone?: string;
}

/** The ЕКЦ hours of one local date, after exceptions, holidays and transfers. */
export function ekcHoursOn(date: LocalDate, context: EkcContext = {}): DayHours {
  const schedule = context.schedule ?? defaultEkcSchedule();
  const calendar = context.calendar ?? productionCalendar();
  const exception = schedule.exceptions.find((e) => e.date === date);
  if (exception) return exception.hours;
  if (calendar.isHolidayRest(date)) return schedule.holidayRest;
  const weekday = weekdayOf(date);
  if (weekday >= 6 && calendar.isWorkingDay(date)) return schedule.workingWeekendDay;
  return schedule.weekly[WEEKDAY_KEYS[weekday - 1]!];
}

export function isEkcWorkingTime(instant: Date, context: EkcContext = {}): boolean {
  const zone = context.timeZone ?? 'Asia/Krasnoyarsk';
  const hours = ekcHoursOn(localDateOf(instant, zone), context);
  if (!hours) return false;
  const date = localDateOf(instant, zone);
  const t = instant.getTime();
  return t >= instantAt(date, hours.open, zone).getTime() && t < instantAt(date, hours.close, zone).getTime();
}

/** Looking further than this for an opening means the schedule is never open. */
const OPENING_SEARCH_DAYS = 400;

/**
 * The earliest instant at or after `instant` when operators are on duty: `instant` itself if
 * the ЕКЦ is open then (so "connect now" and "next opening" agree).
 */
export function nextEkcOpening(instant: Date, context: EkcContext = {}): Date {
  const zone = context.timeZone ?? 'Asia/Krasnoyarsk';
  if (isEkcWorkingTime(instant, context)) return instant;
  const today = localDateOf(instant, zone);
  for (let offset = 0; offset <= OPENING_SEARCH_DAYS; offset++) {
    const date = plusDays(today, offset);
    const hours = ekcHoursOn(date, context);
    if (!hours) continue;
    const opening = instantAt(date, hours.open, zone);
    if (opening.getTime() >= instant.getTime()) return opening;
  }
  throw new CalendarError(
    `the ЕКЦ schedule has no opening within ${OPENING_SEARCH_DAYS} days after ${DateTime.fromJSDate(instant).toISO()}`,
  );
}
