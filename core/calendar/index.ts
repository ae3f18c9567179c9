export { type CalendarConfig, calendarConfigSchema, loadCalendarConfig } from './config.ts';
export { DEADLINE_KINDS, DEADLINE_RULES, type DeadlineKind, type DeadlineRule } from './deadline-rules.ts';
export { appealDeadline, deadlineRule, isDeadlineKind, resolveDeadlineGroup } from './deadlines.ts';
export {
  DEFAULT_EKC_SCHEDULE,
  defaultEkcSchedule,
  type EkcSchedule,
  ekcHoursOn,
  ekcScheduleSchema,
  isEkcWorkingTime,
  loadEkcSchedule,
  nextEkcOpening,
} from './ekc-schedule.ts';
export { CalendarError, CalendarRangeError, DeadlineRuleMissingError } from './errors.ts';
export { endOfLocalDay, formatLocal, localDateOf, parseInstant, plusDays } from './local-date.ts';
export {
  type HolidayRest,
  isOutboundAllowed,
  nextAllowedOutboundInstant,
  OUTBOUND_CLOSES,
  OUTBOUND_OPENS,
} from './outbound-window.ts';
export {
  addWorkingDays,
  CALENDAR_DATA_DIR,
  type DayKind,
  isWorkingDay,
  loadProductionCalendar,
  ProductionCalendar,
  productionCalendar,
} from './production-calendar.ts';
export { type LocalDate, type ProductionYear, productionYearSchema } from './schemas.ts';
export {
  applyCalendarSettings,
  type CalendarSettings,
  loadCalendarSettings,
  mergedCalendar,
  saveCalendarSetting,
} from './settings.ts';
export { createWorkingTime, type WorkingTime, type WorkingTimeOptions } from './working-time.ts';
