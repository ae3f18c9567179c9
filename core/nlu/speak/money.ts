import { countWithNoun, type NounForms, type NumeralCase } from './numerals.ts';

const RUBLE: Record<NumeralCase, NounForms> = {
  nom: ['рубль', 'рубля', 'рублей'],
  acc: ['рубль', 'рубля', 'рублей'],
  gen: ['рубля', 'рублей', 'рублей'],
};
const KOPECK: Record<NumeralCase, NounForms> = {
  nom: ['копейка', 'копейки', 'копеек'],
  acc: ['копейку', 'копейки', 'копеек'],
  gen: ['копейки', 'копеек', 'копеек'],
};

export interface MoneyWordsOptions {
  numeralCase?: NumeralCase;
  /** 'nonzero' (default) omits "ноль копеек"; 'always' says the kopecks even when zero. */
  kopecks?: 'nonzero' | 'always';
}

/**
 * Parses "2 341,50 ₽", "2341.5", "1 000 000 руб." into kopecks. Throws on anything else, so a
 * prompt never reads out a wrong amount.
 */
export function parseRubles(text: string): number {
  const cleaned = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/(₽|руб\.?|рублей|рубля|рубль|р\.?)$/i, '')
    .replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) throw new RangeError(`not a ruble amount: "${text}"`);
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * Money in words with agreement: moneyToWords('2 341,50 ₽') →
 * 'две тысячи триста сорок один рубль пятьдесят копеек'. Accepts kopecks as a number or a text amount.
 */
export function moneyToWords(amount: number | string, options: MoneyWordsOptions = {}): string {
  const totalKopecks = typeof amount === 'string' ? parseRubles(amount) : amount;
  if (!Number.isInteger(totalKopecks) || totalKopecks < 0) {
    throw new RangeError(`amount in kopecks must be a non-negative integer, got ${totalKopecks}`);
  }
  const numeralCase = options.numeralCase ?? 'nom';
  const rubles = Math.floor(totalKopecks / 100);
  const kopecks = totalKopecks % 100;
  const parts = [countWithNoun(rubles, 'masc', RUBLE, numeralCase)];
  if (kopecks > 0 || options.kopecks === 'always') {
    parts.push(countWithNoun(kopecks, 'fem', KOPECK, numeralCase));
  }
  return parts.join(' ');
}

/** Converts rubles given as a float-free decimal string or integer rubles to kopecks. */
export function rublesToKopecks(rubles: number): number {
  return Math.round(rubles * 100);
}
