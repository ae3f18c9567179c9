import { holidayCalendarOf } from '../calendar.ts';

/** The holidays and moved rest days the policy tests touch (production calendar 2026/2027). */
export const testHolidays = holidayCalendarOf([
  '2026-11-04',
  '2026-12-31',
  ...Array.from({ length: 8 }, (_, i) => `2027-01-0${i + 1}`),
]);
