import { DateTime } from 'luxon';
import { CalendarError } from './errors.ts';
import type { LocalDate } from './schemas.ts';

/**
 * Calendar dates are `YYYY-MM-DD` strings: what day it is depends on the zone, so every
 * conversion from an instant names the zone explicitly.
 */

export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

export function plusDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The instant of `HH:MM` local time on `date` (24:00 = the next midnight). */
export function instantAt(date: LocalDate, time: string, zone: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  // Wall-clock time, not "hours since midnight": the two differ on a daylight-saving day.
  if (hour === 24) return day.plus({ days: 1 }).startOf('day').toJSDate();
  return day.set({ hour, minute }).toJSDate();
}

/** 23:59:59 local time of `date` — the end of a deadline day (R-APL-3). */
export function endOfLocalDay(date: LocalDate, zone: string): Date {
  return DateTime.fromISO(date, { zone })
    .set({ hour: 23, minute: 59, second: 59, millisecond: 0 })
    .toJSDate();
}

/** ISO 8601 with the local offset, whole seconds: `2026-12-02T23:59:59+07:00`. */
export function formatLocal(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true })!;
}

/**
 * Parses an ISO instant. Without an offset it is read as local time in `zone` (people type
 * local times); with one, the offset wins.
 */
export function parseInstant(text: string, zone: string): Date {
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  if (!parsed.isValid) {
    throw new CalendarError(`"${text}" is not an ISO date-time (e.g. 2026-11-27T10:00:00+07:00)`);
  }
  return parsed.toJSDate();
}

export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
