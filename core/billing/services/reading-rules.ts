import { DateTime } from 'luxon';
import type { TariffZone } from '../../vocabulary/index.ts';
import { type Hundredths, parseReadingValue } from './reading-value.ts';

/**
 * Plausibility rules for a meter reading (standard, appendix items 2.1-2.3): a reading that
 * fails them is not taken into account, and the client is told why at once.
 */

export const READING_REJECTION_CODES = [
  'unknown_zone',
  'not_numeric',
  'too_many_decimals',
  'too_many_digits',
  'before_previous_date',
  'below_previous',
  'absurd_jump',
] as const;
export type ReadingRejectionCode = (typeof READING_REJECTION_CODES)[number];

export interface MeterRules {
  zones: readonly TariffZone[];
  /** Digits before the decimal point on the display. */
  digits: number;
  monthlyCeilingKwh: number;
}

export interface PreviousReading {
  value: Hundredths;
  takenAt: Date;
}

export interface ReadingCandidate {
  zone: TariffZone;
  /** As the client gave it. */
  rawValue: string;
  takenAt: Date;
  /** The last accepted reading of this zone; null for the first one. */
  previous: PreviousReading | null;
}

export type ReadingVerdict =
  | { accepted: true; value: Hundredths; consumption: Hundredths | null; rolledOver: boolean }
  | {
      accepted: false;
      code: ReadingRejectionCode;
      /** Null when the value was not a number at all. */
      value: Hundredths | null;
      /** For absurd_jump: the consumption found and the limit it broke. */
      consumption?: Hundredths;
      ceiling?: Hundredths;
      months?: number;
    };

export function checkReading(
  meter: MeterRules,
  candidate: ReadingCandidate,
  timeZone = 'Asia/Krasnoyarsk',
): ReadingVerdict {
  const parsed = parseReadingValue(candidate.rawValue);
  const value = parsed.ok ? parsed.hundredths : null;
  if (!meter.zones.includes(candidate.zone)) return { accepted: false, code: 'unknown_zone', value };
  if (!parsed.ok) return { accepted: false, code: parsed.code, value: null };
  const displayLimit = displayCapacity(meter.digits);
  if (parsed.hundredths >= displayLimit) return { accepted: false, code: 'too_many_digits', value };

  const previous = candidate.previous;
  if (!previous) return { accepted: true, value: parsed.hundredths, consumption: null, rolledOver: false };
  if (candidate.takenAt.getTime() < previous.takenAt.getTime()) {
    return { accepted: false, code: 'before_previous_date', value };
  }

  const months = monthsElapsed(previous.takenAt, candidate.takenAt, timeZone);
  const ceiling = meter.monthlyCeilingKwh * 100 * months;
  if (parsed.hundredths < previous.value) {
    // A display that passed 99999 starts again from 0: lower but plausible when the
    // consumption through the wrap stays within the ceiling; otherwise it is simply lower.
    const throughWrap = displayLimit - previous.value + parsed.hundredths;
    if (throughWrap <= ceiling) {
      return { accepted: true, value: parsed.hundredths, consumption: throughWrap, rolledOver: true };
    }
    return { accepted: false, code: 'below_previous', value };
  }
  const consumption = parsed.hundredths - previous.value;
  if (consumption > ceiling) {
    return { accepted: false, code: 'absurd_jump', value, consumption, ceiling, months };
  }
  return { accepted: true, value: parsed.hundredths, consumption, rolledOver: false };
}

/** 10^digits kWh in hundredths: the first value the display cannot show. */
export function displayCapacity(digits: number): Hundredths {
  return 10 ** digits * 100;
}

/**
 * Whole calendar months from the previous reading to this one in local time, a started month
 * counting as a whole one, and at least one: readings are taken monthly, and a client who
 * reads twice within a month may still consume a month's worth.
 */
export function monthsElapsed(from: Date, to: Date, timeZone: string): number {
  const start = DateTime.fromJSDate(from, { zone: timeZone });
  const end = DateTime.fromJSDate(to, { zone: timeZone });
  const months = end.diff(start, 'months').months;
  return Math.max(1, Math.ceil(months));
}
