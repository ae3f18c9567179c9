import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarError, CalendarRangeError } from '../errors.ts';
import { plusDays } from '../local-date.ts';
import { CALENDAR_DATA_DIR, loadProductionCalendar, productionCalendar } from '../production-calendar.ts';

const calendar = productionCalendar();

function daysOffIn(from: string, to: string): string[] {
  const off: string[] = [];
  for (let date = from; date <= to; date = plusDays(date, 1))
    if (!calendar.isWorkingDay(date)) off.push(date);
  return off;
}

function workingDaysIn(year: number): number {
  let count = 0;
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = plusDays(date, 1)) {
    if (calendar.isWorkingDay(date)) count++;
  }
  return count;
}

describe('production calendar 2026 (decree of 24.09.2025)', () => {
  it('rests from 1 to 11 January: holidays 1–8, Saturday 3 moved to Friday 9', () => {
    expect(daysOffIn('2026-01-01', '2026-01-12')).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
      '2026-01-11',
    ]);
    expect(calendar.isWorkingDay('2026-01-12')).toBe(true);
    expect(calendar.dayKind('2026-01-09')).toBe('day_off');
    expect(calendar.dayKind('2026-01-07')).toBe('holiday');
  });

  it('has the spring and summer holidays and the days they moved to', () => {
    expect(daysOffIn('2026-02-20', '2026-02-24')).toEqual(['2026-02-21', '2026-02-22', '2026-02-23']);
    // 8 March is a Sunday: the rest moves to Monday 9 March by art. 112.
    expect(daysOffIn('2026-03-06', '2026-03-10')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(daysOffIn('2026-04-30', '2026-05-12')).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-09',
      '2026-05-10',
      '2026-05-11',
    ]);
    expect(daysOffIn('2026-06-11', '2026-06-15')).toEqual(['2026-06-12', '2026-06-13', '2026-06-14']);
    expect(daysOffIn('2026-11-03', '2026-11-05')).toEqual(['2026-11-04']);
  });

  it('makes 31 December 2026 a day off (moved from Sunday 4 January), 30 December working', () => {
    expect(calendar.isWorkingDay('2026-12-30')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-31')).toBe(false);
    expect(calendar.dayKind('2026-12-31')).toBe('day_off');
  });

  it('counts 247 working days in 2025 and in 2026, as the decrees announce', () => {
    expect(workingDaysIn(2025)).toBe(247);
    expect(workingDaysIn(2026)).toBe(247);
  });

  it('knows the shortened pre-holiday days', () => {
    expect(calendar.isShortenedDay('2026-04-30')).toBe(true);
    expect(calendar.isShortenedDay('2026-05-08')).toBe(true);
    expect(calendar.isShortenedDay('2026-05-07')).toBe(false);
  });
});

describe('transfers of 2025 (decree of 04.10.2024 № 1335)', () => {
  it('makes Saturday 1 November 2025 a working day and Monday 3 November a day off', () => {
    expect(calendar.isWorkingDay('2025-11-01')).toBe(true);
    expect(calendar.dayKind('2025-11-01')).toBe('working');
    expect(calendar.isWorkingDay('2025-11-03')).toBe(false);
    expect(calendar.dayKind('2025-11-03')).toBe('day_off');
  });

  it('moved 23 February and 8 March 2025 (weekend) to 8 May and 13 June', () => {
    expect(calendar.isWorkingDay('2025-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2025-03-10')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-08')).toBe(false);
    expect(calendar.isWorkingDay('2025-06-13')).toBe(false);
    expect(daysOffIn('2025-05-01', '2025-05-12')).toEqual([
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
      '2025-05-08',
      '2025-05-09',
      '2025-05-10',
      '2025-05-11',
    ]);
  });
});

describe('2027 (derived from art. 112 until its decree is entered)', () => {
  it('moves weekend holidays to the next working day', () => {
    expect(calendar.yearData(2027).status).toBe('derived');
    expect(calendar.isWorkingDay('2027-05-03')).toBe(false);
    expect(calendar.isWorkingDay('2027-05-10')).toBe(false);
    expect(calendar.isWorkingDay('2027-06-14')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-11')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('counts working days strictly after the date, over weekends and holidays', () => {
    expect(calendar.addWorkingDays('2026-11-27', 3)).toBe('2026-12-02');
    expect(calendar.addWorkingDays('2026-12-30', 1)).toBe('2027-01-11');
    expect(calendar.addWorkingDays('2026-11-03', 1)).toBe('2026-11-05');
    expect(calendar.addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    // From a Saturday: Monday is the first working day after it.
    expect(calendar.addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => calendar.addWorkingDays('2026-11-27', -1)).toThrow(CalendarError);
    expect(() => calendar.addWorkingDays('2026-11-27', 1.5)).toThrow(/whole number/);
  });
});

/** A calendar folder holding one file: a valid derived year 2030 with `changes` over it. */
function calendarDirWith(fileName: string, changes: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'calendar-'));
  const year = {
    year: 2030,
    status: 'derived',
    source: 'test',
    holidays: ['2030-01-01'],
    daysOff: [],
    workingWeekendDays: [],
    shortenedDays: [],
  };
  writeFileSync(join(dir, fileName), JSON.stringify({ ...year, ...changes }));
  return dir;
}

describe('years without data and bad data', () => {
  it('refuses to guess a year without a file', () => {
    expect(() => calendar.isWorkingDay('2030-01-09')).toThrow(CalendarRangeError);
    expect(() => calendar.isWorkingDay('2030-01-09')).toThrow(/add core\/calendar\/data\/2030.json/);
  });

  it('loads a new year from a dropped-in file', () => {
    const dir = calendarDirWith('2030.json');
    const loaded = loadProductionCalendar(dir);
    expect(loaded.coveredYears()).toEqual([2030]);
    expect(loaded.isWorkingDay('2030-01-01')).toBe(false);
    expect(loaded.isWorkingDay('2030-01-02')).toBe(true);
  });

  it('names the file and the problem when data is wrong', () => {
    const dir = calendarDirWith('2030.json', {
      status: 'decree',
      holidays: ['2030-01-01', '2031-01-01'],
      daysOff: [{ date: '2030-01-05', from: '2030-01-01', basis: 'decree' }],
      workingWeekendDays: [{ date: '2030-01-07', basis: 'decree' }],
    });
    expect(() => loadProductionCalendar(dir)).toThrow(/2030.json: invalid production calendar/);
    expect(() => loadProductionCalendar(dir)).toThrow(/2031-01-01 is not in 2030/);
    expect(() => loadProductionCalendar(dir)).toThrow(/2030-01-05 is a weekend day already/);
    expect(() => loadProductionCalendar(dir)).toThrow(/2030-01-07 is not a weekend day/);
  });

  it('insists the file name matches its year', () => {
    const dir = calendarDirWith('2031.json');
    expect(() => loadProductionCalendar(dir)).toThrow(/file name must match/);
  });
});

describe('shipped calendar files', () => {
  it('describe their source in Russian: the admin screen shows it as it is', () => {
    const files = readdirSync(CALENDAR_DATA_DIR).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const name of files) {
      const { source } = JSON.parse(readFileSync(join(CALENDAR_DATA_DIR, name), 'utf8')) as {
        source: string;
      };
      expect(source, name).toMatch(/[а-яё]/i);
      expect(source, name).not.toMatch(/[a-z]/i);
    }
  });
});
