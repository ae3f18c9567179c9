import { DateTime } from 'luxon';
import type { PeriodInput } from '../schemas.ts';

/** A period as instants: [start, end) — local midnight of `from` to local midnight after `to`. */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export function periodInstants(input: PeriodInput, timeZone: string): Period {
  const start = DateTime.fromISO(input.from, { zone: timeZone }).startOf('day');
  const end = DateTime.fromISO(input.to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  return { from: input.from, to: input.to, start: start.toJSDate(), end: end.toJSDate() };
}

/** "Today" in the ЕКЦ's zone, for the wallboard's hourly charts. */
export function todayPeriod(now: Date, timeZone: string): Period {
  const day = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
  return periodInstants({ from: day, to: day }, timeZone);
}
