import type { Clock } from '../lifecycle/clock.ts';

/**
 * Calendar arithmetic for the demo history. Khakassia lives on Asia/Krasnoyarsk, UTC+7 all year
 * (no daylight saving since 2014), so a fixed offset is exact and keeps generation fast.
 */
export const DEMO_UTC_OFFSET_HOURS = 7;

export interface LocalDate {
  year: number;
  /** 0 = January. */
  month: number;
  day: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The instant (epoch ms) of a local wall-clock time in Khakassia; days past the month's end roll over. */
export function localInstant(date: LocalDate, hour: number, minute: number, second = 0): number {
  return Date.UTC(date.year, date.month, date.day, hour - DEMO_UTC_OFFSET_HOURS, minute, second);
}

const dayPrefixes = new Map<number, string>();

/**
 * An instant as a timestamptz literal in local time, e.g. `2026-10-23 14:05:09+07`. Millions of
 * rows need this, so the date part is cached per day and no Date object is made per row.
 */
export function formatInstant(ms: number): string {
  const local = ms + DEMO_UTC_OFFSET_HOURS * HOUR_MS;
  const dayNumber = Math.floor(local / DAY_MS);
  let prefix = dayPrefixes.get(dayNumber);
  if (prefix === undefined) {
    prefix = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dayPrefixes.set(dayNumber, prefix);
  }
  const seconds = Math.floor((local - dayNumber * DAY_MS) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${prefix} ${pad(h)}:${pad(m)}:${pad(seconds % 60)}+${pad(DEMO_UTC_OFFSET_HOURS)}`;
}

export function parseLocalDate(text: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`expected a date as YYYY-MM-DD, got "${text}"`);
  const date = { year: Number(match[1]), month: Number(match[2]) - 1, day: Number(match[3]) };
  if (date.month > 11 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) {
    throw new Error(`no such date: ${text}`);
  }
  return date;
}

export function todayInKhakassia(clock: Clock): string {
  const shifted = new Date(clock.now().getTime() + DEMO_UTC_OFFSET_HOURS * 3_600_000);
  return shifted.toISOString().slice(0, 10);
}

export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${pad(date.month + 1)}-${pad(date.day)}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 1 && leap ? 29 : MONTH_DAYS[month]!;
}

/** The first day of the month `offset` months from `date`'s month. */
export function monthStart(date: LocalDate, offset: number): LocalDate {
  const index = date.year * 12 + date.month + offset;
  return { year: Math.floor(index / 12), month: ((index % 12) + 12) % 12, day: 1 };
}

/** The same month with another day (clamped to the month's length). */
export function withDay(month: LocalDate, day: number): LocalDate {
  return { ...month, day: Math.min(day, daysInMonth(month.year, month.month)) };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth(), day: shifted.getUTCDate() };
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return (a.year - b.year) * 372 + (a.month - b.month) * 31 + (a.day - b.day);
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
