import type { Clock } from '../lifecycle/clock.ts';
import { systemClock } from '../lifecycle/clock.ts';
import type { DeadlineKind } from './deadline-rules.ts';
import { appealDeadline } from './deadlines.ts';
import { defaultEkcSchedule, type EkcSchedule, isEkcWorkingTime, nextEkcOpening } from './ekc-schedule.ts';
import { formatLocal } from './local-date.ts';
import { isOutboundAllowed, nextAllowedOutboundInstant } from './outbound-window.ts';
import { type ProductionCalendar, productionCalendar } from './production-calendar.ts';
import type { LocalDate } from './schemas.ts';

export interface WorkingTimeOptions {
  clock?: Clock;
  calendar?: ProductionCalendar;
  schedule?: EkcSchedule;
  /** The retailer's zone (HOTLINE_TZ). */
  timeZone?: string;
}

/**
 * Every working-time question in one place, bound to a clock: services ask "now?" without
 * reading the system time themselves, tests move a ManualClock.
 */
export function createWorkingTime(options: WorkingTimeOptions = {}) {
  const clock = options.clock ?? systemClock;
  const calendar = options.calendar ?? productionCalendar();
  const schedule = options.schedule ?? defaultEkcSchedule();
  const timeZone = options.timeZone ?? 'Asia/Krasnoyarsk';
  const ekc = { calendar, schedule, timeZone };
  return {
    clock,
    calendar,
    schedule,
    timeZone,
    isEkcWorkingTime: (instant: Date = clock.now()) => isEkcWorkingTime(instant, ekc),
    nextEkcOpening: (instant: Date = clock.now()) => nextEkcOpening(instant, ekc),
    isWorkingDay: (date: LocalDate) => calendar.isWorkingDay(date),
    addWorkingDays: (date: LocalDate, n: number) => calendar.addWorkingDays(date, n),
    isOutboundAllowed: (instant: Date = clock.now(), clientTimeZone: string = timeZone) =>
      isOutboundAllowed(instant, clientTimeZone, calendar),
    nextAllowedOutboundInstant: (instant: Date = clock.now(), clientTimeZone: string = timeZone) =>
      nextAllowedOutboundInstant(instant, clientTimeZone, calendar),
    appealDeadline: (channel: string, kind: DeadlineKind, registeredAt: Date = clock.now()) =>
      appealDeadline({ channel, kind, registeredAt, timeZone, calendar }),
    /** ISO with the retailer's offset, as shown to people. */
    formatLocal: (instant: Date) => formatLocal(instant, timeZone),
  };
}
export type WorkingTime = ReturnType<typeof createWorkingTime>;
