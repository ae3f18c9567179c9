import type { TariffZone } from '../../vocabulary/index.ts';

export interface ReadingEntity {
  zone: TariffZone;
  value: number;
}

// Longest names first so "полупик" is not read as "пик".
const ZONE_WORDS =
  '(полупик[а-я]*|пик[а-я]*|день|дневн[а-я]*|ночь|ночн[а-я]*|т\\s?[123]|t\\s?[123]|тариф\\s?[123])';
const VALUE = '(\\d{1,7}(?:[.,]\\d{1,3})?)';
const ZONE_THEN_VALUE = new RegExp(
  `(?<![а-я])${ZONE_WORDS}\\s*(?:[:=—–-]\\s*)?(?:показани[а-я]*\\s*)?${VALUE}(?!\\d)`,
  'g',
);
const VALUE_THEN_ZONE = new RegExp(
  `(?<![\\d.,])${VALUE}\\s*(?:квт[а-я·.]*\\s*)?(?:[-–—]\\s*)?${ZONE_WORDS}(?![а-я])`,
  'g',
);

function zoneOf(word: string, threeZone: boolean): TariffZone {
  if (word.startsWith('полупик')) return 'half_peak';
  if (word.startsWith('пик')) return 'peak';
  if (word.startsWith('д')) return 'day';
  if (word.startsWith('н')) return 'night';
  const digit = word.at(-1);
  // Т1/Т2 on a two-zone meter are day/night; on a three-zone meter Т1 peak, Т2 night, Т3 half-peak.
  if (digit === '1') return threeZone ? 'peak' : 'day';
  if (digit === '2') return 'night';
  return 'half_peak';
}

function toValue(text: string): number {
  return Number(text.replace(',', '.'));
}

/**
 * Meter readings in a prepared (lowercased, spoken numbers as digits) text. Zoned readings
 * ("день 12345 ночь 6789", "т1 … т2 …", "пик/полупик/ночь"); otherwise, when the text speaks of
 * readings, the one number that is not an account, date or amount is a single-zone reading.
 */
export function extractReadings(prepared: string, taken: ReadonlySet<string>): ReadingEntity[] {
  const threeZone = /(?<![а-я])(?:т|t)\s?3|полупик|(?<![а-я])пик/.test(prepared);
  const readings: ReadingEntity[] = [];
  for (const match of prepared.matchAll(ZONE_THEN_VALUE)) {
    readings.push({ zone: zoneOf(match[1]!.replace(/\s/g, ''), threeZone), value: toValue(match[2]!) });
  }
  if (readings.length === 0) {
    for (const match of prepared.matchAll(VALUE_THEN_ZONE)) {
      readings.push({ zone: zoneOf(match[2]!.replace(/\s/g, ''), threeZone), value: toValue(match[1]!) });
    }
  }
  if (readings.length > 0 || !/показан|pokazan|счетчик[а-я]*\s+\d/.test(prepared)) return readings;
  // Readings have at least three digits: "с 15 по 25" or an age are not readings.
  for (const match of prepared.matchAll(/(?<![\d.,:/-])(\d{3,7}(?:[.,]\d{1,3})?)(?![\d:/-]|[.,]\d)/g)) {
    if (taken.has(match[1]!)) continue;
    readings.push({ zone: 'single', value: toValue(match[1]!) });
    break;
  }
  return readings;
}
