import { countWithNoun, type NounForms, type NumeralCase } from './numerals.ts';

const KILOWATT_HOUR: Record<NumeralCase, NounForms> = {
  nom: ['киловатт-час', 'киловатт-часа', 'киловатт-часов'],
  acc: ['киловатт-час', 'киловатт-часа', 'киловатт-часов'],
  gen: ['киловатт-часа', 'киловатт-часов', 'киловатт-часов'],
};

/** A meter reading in words: readingToWords(12345) → 'двенадцать тысяч триста сорок пять киловатт-часов'. */
export function readingToWords(kwh: number, numeralCase: NumeralCase = 'nom'): string {
  return countWithNoun(kwh, 'masc', KILOWATT_HOUR, numeralCase);
}

/** A digit string read digit by digit (account numbers, codes): '0720' → 'ноль семь два ноль'. */
export function digitsToWords(digits: string): string {
  const names = ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
  if (!/^\d+$/.test(digits)) throw new RangeError(`not a digit string: "${digits}"`);
  return [...digits].map((d) => names[Number(d)]).join(' ');
}
