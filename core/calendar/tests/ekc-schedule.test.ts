import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../testing/clock.ts';
import {
  DEFAULT_EKC_SCHEDULE,
  type EkcSchedule,
  isEkcWorkingTime,
  loadEkcSchedule,
  nextEkcOpening,
} from '../ekc-schedule.ts';
import { formatLocal } from '../local-date.ts';
import { createWorkingTime } from '../working-time.ts';

const KRSK = 'Asia/Krasnoyarsk';
const open = (iso: string) => isEkcWorkingTime(new Date(iso), { timeZone: KRSK });
const nextOpening = (iso: string, schedule?: EkcSchedule) =>
  formatLocal(nextEkcOpening(new Date(iso), { timeZone: KRSK, schedule }), KRSK);

describe('ЕКЦ operator hours (default: Mon–Fri 08:00–20:00, Sat 09:00–18:00)', () => {
  it('opens at 08:00 and closes at 20:00 on a weekday', () => {
    expect(open('2026-11-27T07:59:59+07:00')).toBe(false);
    expect(open('2026-11-27T08:00:00+07:00')).toBe(true);
    expect(open('2026-11-27T19:59:59+07:00')).toBe(true);
    expect(open('2026-11-27T20:00:00+07:00')).toBe(false);
  });

  it('works shorter on Saturday and not on Sunday', () => {
    expect(open('2026-11-28T08:30:00+07:00')).toBe(false);
    expect(open('2026-11-28T09:00:00+07:00')).toBe(true);
    expect(open('2026-11-28T18:00:00+07:00')).toBe(false);
    expect(open('2026-11-29T12:00:00+07:00')).toBe(false);
  });

  it('is closed on holidays and on transferred days off, open on a working Saturday with weekday hours', () => {
    expect(open('2026-11-04T12:00:00+07:00')).toBe(false);
    expect(open('2026-01-09T12:00:00+07:00')).toBe(false);
    expect(open('2026-05-09T12:00:00+07:00')).toBe(false); // holiday on a Saturday
    expect(open('2025-11-01T19:00:00+07:00')).toBe(true); // Saturday worked by decree
  });

  it('judges the day in the retailer zone: 00:30Z Monday is 07:30 local, still closed', () => {
    expect(open('2026-11-30T00:30:00Z')).toBe(false);
    expect(open('2026-11-30T01:00:00Z')).toBe(true);
  });

  it('finds the next opening over nights, Sundays and holidays', () => {
    expect(nextOpening('2026-11-27T20:00:00+07:00')).toBe('2026-11-28T09:00:00+07:00');
    expect(nextOpening('2026-11-28T18:00:00+07:00')).toBe('2026-11-30T08:00:00+07:00');
    expect(nextOpening('2026-12-30T20:00:00+07:00')).toBe('2027-01-09T09:00:00+07:00');
    expect(nextOpening('2026-11-27T12:00:00+07:00')).toBe('2026-11-27T12:00:00+07:00');
  });

  it('applies date exceptions before every other rule', () => {
    const schedule: EkcSchedule = {
      ...DEFAULT_EKC_SCHEDULE,
      exceptions: [
        { date: '2026-11-30', hours: null, note: 'training day' },
        { date: '2026-12-31', hours: { open: '10:00', close: '14:00' } },
      ],
    };
    expect(nextOpening('2026-11-28T18:00:00+07:00', schedule)).toBe('2026-12-01T08:00:00+07:00');
    expect(isEkcWorkingTime(new Date('2026-12-31T13:59:59+07:00'), { timeZone: KRSK, schedule })).toBe(true);
    expect(isEkcWorkingTime(new Date('2026-12-31T14:00:00+07:00'), { timeZone: KRSK, schedule })).toBe(false);
  });

  it('always returns an open instant not earlier than asked', () => {
    const instants = fc.date({
      min: new Date('2025-01-01T00:00:00Z'),
      max: new Date('2027-12-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (instant) => {
        const opening = nextEkcOpening(instant, { timeZone: KRSK });
        expect(opening.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(isEkcWorkingTime(opening, { timeZone: KRSK })).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('schedule files', () => {
  it('loads a valid file and reports each problem of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ekc-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        ...DEFAULT_EKC_SCHEDULE,
        weekly: { ...DEFAULT_EKC_SCHEDULE.weekly, sun: { open: '10:00', close: '16:00' } },
      }),
    );
    expect(loadEkcSchedule(good).weekly.sun).toEqual({ open: '10:00', close: '16:00' });
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...DEFAULT_EKC_SCHEDULE,
        weekly: {
          ...DEFAULT_EKC_SCHEDULE.weekly,
          mon: { open: '20:00', close: '08:00' },
          tue: { open: '8am', close: '20:00' },
        },
      }),
    );
    expect(() => loadEkcSchedule(bad)).toThrow(/weekly.mon: open must be earlier than close/);
    expect(() => loadEkcSchedule(bad)).toThrow(/weekly.tue.open: a time of day must look like HH:MM/);
  });
});

describe('createWorkingTime binds the questions to a clock', () => {
  it('answers "now" from the injected clock', () => {
    const clock = new ManualClock('2026-11-27T12:59:59Z'); // 19:59:59 local
    const time = createWorkingTime({ clock, timeZone: KRSK });
    expect(time.isEkcWorkingTime()).toBe(true);
    expect(time.isOutboundAllowed()).toBe(true);
    clock.advance(1000);
    expect(time.isEkcWorkingTime()).toBe(false);
    expect(time.isOutboundAllowed()).toBe(false);
    expect(time.formatLocal(time.nextAllowedOutboundInstant())).toBe('2026-11-28T10:00:00+07:00');
    expect(time.formatLocal(time.appealDeadline('vk', 'answer'))).toBe('2026-11-30T23:59:59+07:00');
  });
});
