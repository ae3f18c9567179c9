/**
 * Meter values as the client gives them ("12 345,6") turned into exact integers of hundredths
 * of a kWh: the table keeps numeric(12, 2), and integer arithmetic never rounds a comparison.
 */

/** A meter value in hundredths of a kWh (12345.6 kWh = 1_234_560). */
export type Hundredths = number;

/** The largest value meter_readings.value (numeric(12, 2)) holds, in hundredths. */
export const MAX_STORABLE_HUNDREDTHS: Hundredths = 999_999_999_999;

export type ParsedValue =
  | { ok: true; hundredths: Hundredths }
  | { ok: false; code: 'not_numeric' | 'too_many_decimals' };

// Digits, optionally grouped by spaces (incl. no-break and thin spaces), then an optional
// decimal part after "." or ",". Signs, letters and exponents are not numbers a meter shows.
const METER_VALUE = /^(\d[\d \u00A0\u202F]*)(?:[.,](\d+))?$/;

export function parseReadingValue(raw: string): ParsedValue {
  const match = METER_VALUE.exec(raw.trim());
  if (!match) return { ok: false, code: 'not_numeric' };
  const integerDigits = (match[1] ?? '').replace(/[^\d]/g, '');
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, code: 'too_many_decimals' };
  // Exact up to 2^53 hundredths; anything longer is far beyond any meter display (at most nine
  // digits) and is rejected as too_many_digits, where a rounded magnitude is still a magnitude.
  return { ok: true, hundredths: Number(integerDigits) * 100 + Number(fraction.padEnd(2, '0')) };
}

/** "1234560" hundredths -> "12345.60" (the form stored and returned by the contract). */
export function formatHundredths(value: Hundredths): string {
  const whole = Math.floor(value / 100);
  const cents = value % 100;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}

/** Parses a stored numeric ("12345.60") exactly. */
export function hundredthsFromDecimal(decimal: string): Hundredths {
  const parsed = parseReadingValue(decimal);
  if (!parsed.ok) throw new Error(`not a stored meter value: ${decimal}`);
  return parsed.hundredths;
}

/** How a value is said or shown to a Russian client: "12 345,6", "1 250". */
export function formatForClient(value: Hundredths): string {
  const whole = Math.floor(value / 100);
  const cents = value % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00A0');
  if (cents === 0) return grouped;
  return `${grouped},${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}
