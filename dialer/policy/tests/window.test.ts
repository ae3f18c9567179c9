import { describe, expect, it } from 'vitest';
import { CalendarRangeError } from '../../../core/calendar/index.ts';
import { productionHolidays } from '../calendar.ts';
import { ContactPolicyError } from '../errors.ts';
import { isAllowedInstant, nextAllowedInstant } from '../window.ts';

/** The real production calendar (core/calendar data): holidays and the weekdays off they bring. */
const calendar = productionHolidays();

const MOSCOW = 'Europe/Moscow'; // UTC+3
const KRASNOYARSK = 'Asia/Krasnoyarsk'; // UTC+7

const at = (iso: string) => new Date(iso);
const next = (iso: string, zone = MOSCOW) => nextAllowedInstant(at(iso), zone, calendar).toISOString();

describe('the 10:00–20:00 local window (R-DLR-3)', () => {
  it('19:59:59 is inside, 20:00:00 is outside and moves to 10:00 next day', () => {
    expect(isAllowedInstant(at('2026-11-27T16:59:59.000Z'), MOSCOW, calendar)).toBe(true);
    expect(next('2026-11-27T16:59:59.999Z')).toBe('2026-11-27T16:59:59.999Z');
    expect(isAllowedInstant(at('2026-11-27T17:00:00.000Z'), MOSCOW, calendar)).toBe(false);
    // 2026-11-28 is a Saturday: weekends are allowed, only holidays are not.
    expect(next('2026-11-27T17:00:00.000Z')).toBe('2026-11-28T07:00:00.000Z');
  });

  it('09:59 moves to 10:00 the same day, 10:00 stays', () => {
    expect(isAllowedInstant(at('2026-11-27T06:59:00.000Z'), MOSCOW, calendar)).toBe(false);
    expect(next('2026-11-27T06:59:00.000Z')).toBe('2026-11-27T07:00:00.000Z');
    expect(next('2026-11-27T06:59:59.999Z')).toBe('2026-11-27T07:00:00.000Z');
    expect(next('2026-11-27T07:00:00.000Z')).toBe('2026-11-27T07:00:00.000Z');
  });

  it('never on a public holiday: 4 November 2026 (a Wednesday) is skipped whole', () => {
    expect(isAllowedInstant(at('2026-11-04T09:00:00.000Z'), MOSCOW, calendar)).toBe(false);
    expect(next('2026-11-03T17:00:00.000Z')).toBe('2026-11-05T07:00:00.000Z');
    expect(next('2026-11-04T09:00:00.000Z')).toBe('2026-11-05T07:00:00.000Z');
    expect(next('2026-11-03T16:59:59.000Z')).toBe('2026-11-03T16:59:59.000Z');
  });

  it('the New Year break: from 30 December evening to 9 January 2027', () => {
    expect(next('2026-12-30T17:00:00.000Z')).toBe('2027-01-09T07:00:00.000Z');
    expect(next('2027-01-01T08:00:00.000Z', KRASNOYARSK)).toBe('2027-01-09T03:00:00.000Z');
  });

  it("uses the client's own zone: the same instant differs for Moscow and Krasnoyarsk", () => {
    const afternoon = at('2026-11-27T13:00:00.000Z'); // 16:00 in Moscow, 20:00 in Krasnoyarsk
    expect(isAllowedInstant(afternoon, MOSCOW, calendar)).toBe(true);
    expect(isAllowedInstant(afternoon, KRASNOYARSK, calendar)).toBe(false);
    expect(next('2026-11-27T13:00:00.000Z', KRASNOYARSK)).toBe('2026-11-28T03:00:00.000Z');
    const morning = at('2026-11-27T06:30:00.000Z'); // 09:30 in Moscow, 13:30 in Krasnoyarsk
    expect(isAllowedInstant(morning, MOSCOW, calendar)).toBe(false);
    expect(isAllowedInstant(morning, KRASNOYARSK, calendar)).toBe(true);
  });

  it('a holiday is a local date: 23:30 Moscow on 3 November is already the 4th in Krasnoyarsk', () => {
    expect(next('2026-11-03T20:30:00.000Z', KRASNOYARSK)).toBe('2026-11-05T03:00:00.000Z');
  });

  it('skips the weekday off a holiday brings: 8 March 2026 is a Sunday, 9 March is off', () => {
    expect(next('2026-03-08T09:00:00.000Z')).toBe('2026-03-10T07:00:00.000Z');
    expect(next('2026-03-07T12:00:00.000Z')).toBe('2026-03-07T12:00:00.000Z'); // an ordinary Saturday
  });

  it('refuses to guess for a year the production calendar does not cover', () => {
    expect(() => nextAllowedInstant(at('2031-05-05T10:00:00Z'), MOSCOW, calendar)).toThrow(
      CalendarRangeError,
    );
  });

  it('rejects an unknown zone and a calendar without any allowed day', () => {
    expect(() => nextAllowedInstant(at('2026-11-27T10:00:00Z'), 'Mars/Olympus', calendar)).toThrow(
      ContactPolicyError,
    );
    const alwaysHoliday = { isHoliday: () => true };
    expect(() => nextAllowedInstant(at('2026-11-27T10:00:00Z'), MOSCOW, alwaysHoliday)).toThrow(
      /no allowed day/,
    );
  });
});
