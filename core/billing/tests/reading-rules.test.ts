import { describe, expect, it } from 'vitest';
import { checkReading, type MeterRules, monthsElapsed } from '../services/reading-rules.ts';
import { parseReadingValue } from '../services/reading-value.ts';

const singleZone: MeterRules = { zones: ['single'], digits: 6, monthlyCeilingKwh: 3000 };
const dayNight: MeterRules = { zones: ['day', 'night'], digits: 5, monthlyCeilingKwh: 1000 };
const TZ = 'Asia/Krasnoyarsk';

// Previous reading 1250 kWh taken 2026-10-15 12:00 local (05:00Z).
const previous = { value: 125_000, takenAt: new Date('2026-10-15T05:00:00Z') };
const oneMonthLater = new Date('2026-11-15T05:00:00Z');

const check = (
  raw: string,
  takenAt = oneMonthLater,
  meter = singleZone,
  zone: 'single' | 'day' | 'peak' = 'single',
) => checkReading(meter, { zone, rawValue: raw, takenAt, previous }, TZ);

describe('parseReadingValue', () => {
  it('reads digits with "." or "," and grouping spaces exactly, in hundredths', () => {
    expect(parseReadingValue('12345')).toEqual({ ok: true, hundredths: 1_234_500 });
    expect(parseReadingValue(' 12 345,6 ')).toEqual({ ok: true, hundredths: 1_234_560 });
    expect(parseReadingValue('0001250.05')).toEqual({ ok: true, hundredths: 125_005 });
    expect(parseReadingValue('12\u00A0345.67')).toEqual({ ok: true, hundredths: 1_234_567 });
  });

  it('refuses what a meter display does not show', () => {
    for (const raw of [
      '',
      ' ',
      'двенадцать',
      '12a45',
      '-5',
      '+5',
      '1e5',
      '12.',
      '.5',
      '1,2,3',
      '12..3',
      'NaN',
    ]) {
      expect(parseReadingValue(raw), raw).toEqual({ ok: false, code: 'not_numeric' });
    }
    expect(parseReadingValue('12,345')).toEqual({ ok: false, code: 'too_many_decimals' });
  });
});

describe('checkReading', () => {
  it('accepts the first reading of a zone without comparing', () => {
    const verdict = checkReading(singleZone, {
      zone: 'single',
      rawValue: '999999',
      takenAt: oneMonthLater,
      previous: null,
    });
    expect(verdict).toEqual({ accepted: true, value: 99_999_900, consumption: null, rolledOver: false });
  });

  it('accepts a plausible reading and reports the consumption', () => {
    expect(check('1500')).toEqual({ accepted: true, value: 150_000, consumption: 25_000, rolledOver: false });
  });

  it('accepts a reading equal to the previous one (nothing consumed)', () => {
    expect(check('1250,00')).toMatchObject({ accepted: true, consumption: 0 });
  });

  it('rejects a reading below the previous one, at the boundary', () => {
    expect(check('1249.99')).toMatchObject({ accepted: false, code: 'below_previous', value: 124_999 });
  });

  it('rejects an absurd jump: ceiling x one month, exactly at and just over the limit', () => {
    expect(check('4250')).toMatchObject({ accepted: true, consumption: 300_000 });
    expect(check('4250.01')).toMatchObject({
      accepted: false,
      code: 'absurd_jump',
      consumption: 300_001,
      ceiling: 300_000,
      months: 1,
    });
  });

  it('counts a started month as a whole one, and at least one month', () => {
    const nextDay = new Date('2026-10-16T05:00:00Z');
    expect(check('4250', nextDay)).toMatchObject({ accepted: true });
    expect(check('4250.01', nextDay)).toMatchObject({ code: 'absurd_jump', months: 1 });
    const oneMonthAndAMinute = new Date('2026-11-15T05:01:00Z');
    expect(check('7250', oneMonthAndAMinute)).toMatchObject({ accepted: true });
    expect(check('7250.01', oneMonthAndAMinute)).toMatchObject({ code: 'absurd_jump', months: 2 });
  });

  it('rejects a reading taken before the previous one', () => {
    expect(check('1300', new Date('2026-10-15T04:59:59Z'))).toMatchObject({ code: 'before_previous_date' });
  });

  it('rejects a zone the meter does not count', () => {
    expect(check('1300', oneMonthLater, dayNight, 'peak')).toMatchObject({ code: 'unknown_zone' });
    expect(check('1300', oneMonthLater, singleZone, 'day')).toMatchObject({ code: 'unknown_zone' });
  });

  it('rejects a non-numeric value and too many decimals', () => {
    expect(check('двенадцать тысяч')).toEqual({ accepted: false, code: 'not_numeric', value: null });
    expect(check('1300,123')).toEqual({ accepted: false, code: 'too_many_decimals', value: null });
  });

  it('rejects more digits than the display has, at the boundary', () => {
    const first = (raw: string) =>
      checkReading(dayNight, { zone: 'day', rawValue: raw, takenAt: oneMonthLater, previous: null });
    expect(first('99999.99')).toMatchObject({ accepted: true });
    expect(first('100000')).toMatchObject({ accepted: false, code: 'too_many_digits' });
    expect(first('123456789012345678901234567890')).toMatchObject({
      accepted: false,
      code: 'too_many_digits',
    });
  });

  it('accepts a display that wrapped past zero when the consumption through the wrap is plausible', () => {
    const nearTheEnd = { value: 9_990_000, takenAt: previous.takenAt };
    const wrapped = (raw: string) =>
      checkReading(
        dayNight,
        { zone: 'day', rawValue: raw, takenAt: oneMonthLater, previous: nearTheEnd },
        TZ,
      );
    // 99 900 -> 00 500: 100 + 500 = 600 kWh, under 1000 a month.
    expect(wrapped('500')).toEqual({ accepted: true, value: 50_000, consumption: 60_000, rolledOver: true });
    // 99 900 -> 00 900: 1000 kWh exactly is still fine, 00 900.01 is not.
    expect(wrapped('900')).toMatchObject({ accepted: true, consumption: 100_000 });
    expect(wrapped('900.01')).toMatchObject({ accepted: false, code: 'below_previous' });
  });
});

describe('monthsElapsed', () => {
  it('counts calendar months in local time, started months whole, at least one', () => {
    const from = new Date('2026-01-31T10:00:00Z');
    expect(monthsElapsed(from, new Date('2026-01-31T10:00:00Z'), TZ)).toBe(1);
    expect(monthsElapsed(from, new Date('2026-02-28T10:00:00Z'), TZ)).toBe(1);
    expect(monthsElapsed(from, new Date('2026-03-31T10:00:00Z'), TZ)).toBe(2);
    expect(monthsElapsed(from, new Date('2026-03-31T10:00:01Z'), TZ)).toBe(3);
    expect(monthsElapsed(from, new Date('2027-01-31T10:00:00Z'), TZ)).toBe(12);
  });
});
