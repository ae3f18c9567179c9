import { gsm7Septets, isGsm7Text } from './gsm7.ts';

export type SmsEncoding = 'gsm7' | 'ucs2';

/** Capacity of one SMS and of one part of a concatenated SMS (the 6-octet UDH eats the rest). */
export const SMS_CAPACITY: Readonly<Record<SmsEncoding, { single: number; perPart: number }>> = {
  gsm7: { single: 160, perPart: 153 },
  ucs2: { single: 70, perPart: 67 },
};

export interface SmsMeasure {
  encoding: SmsEncoding;
  /** Characters as the gateway counts them: GSM-7 septets, or UCS-2 (UTF-16) code units. */
  characters: number;
  /** SMS parts the gateway will send (what the retailer pays for). */
  segments: number;
}

/** Gateway units of each character in order, for packing into parts. */
function unitsPerCharacter(text: string, encoding: SmsEncoding): number[] {
  const units: number[] = [];
  for (const char of text) units.push(encoding === 'gsm7' ? gsm7Septets(char)! : char.length);
  return units;
}

/**
 * Parts needed: an escape pair (GSM-7) or a surrogate pair (UCS-2) is never split between parts,
 * so parts are packed greedily rather than by plain division.
 */
function countSegments(units: readonly number[], encoding: SmsEncoding): number {
  const total = units.reduce((sum, unit) => sum + unit, 0);
  const { single, perPart } = SMS_CAPACITY[encoding];
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > perPart) {
      segments++;
      used = 0;
    }
    used += unit;
  }
  return segments;
}

/** Measures a rendered SMS exactly as an SMPP gateway will encode and split it. */
export function measureSms(text: string): SmsMeasure {
  const encoding: SmsEncoding = isGsm7Text(text) ? 'gsm7' : 'ucs2';
  const units = unitsPerCharacter(text, encoding);
  return {
    encoding,
    characters: units.reduce((sum, unit) => sum + unit, 0),
    segments: countSegments(units, encoding),
  };
}

/**
 * Parts for `characters` gateway units when the exact text is unknown. When the text may hold
 * escape or surrogate pairs, a pair that does not fit wastes one unit per part: assume it does.
 */
export function segmentsFor(characters: number, encoding: SmsEncoding, pairsPossible: boolean): number {
  const { single, perPart } = SMS_CAPACITY[encoding];
  if (characters <= single) return 1;
  return Math.ceil(characters / (pairsPossible ? perPart - 1 : perPart));
}
