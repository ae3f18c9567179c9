/**
 * Russian cardinal numerals in words, with grammatical gender and case.
 * Supports 0 … 999 999 999 999 in the nominative, accusative (inanimate) and genitive cases —
 * what prompts need ("к оплате две тысячи…", "на сумму одну тысячу…", "свыше двух тысяч…").
 */
export type Gender = 'masc' | 'fem' | 'neut';
export type NumeralCase = 'nom' | 'acc' | 'gen';

/** The three plural forms of a Russian noun: for 1, for 2–4, for 5–20 (рубль, рубля, рублей). */
export type NounForms = readonly [one: string, few: string, many: string];

const UNITS_NOM = ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_GEN = ['ноля', 'одного', 'двух', 'трёх', 'четырёх', 'пяти', 'шести', 'семи', 'восьми', 'девяти'];
const TEENS_NOM = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS_NOM = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const TENS_GEN = [
  '',
  '',
  'двадцати',
  'тридцати',
  'сорока',
  'пятидесяти',
  'шестидесяти',
  'семидесяти',
  'восьмидесяти',
  'девяноста',
];
const HUNDREDS_NOM = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];
const HUNDREDS_GEN = [
  '',
  'ста',
  'двухсот',
  'трёхсот',
  'четырёхсот',
  'пятисот',
  'шестисот',
  'семисот',
  'восьмисот',
  'девятисот',
];

interface Scale {
  value: number;
  gender: Gender;
  forms: Record<NumeralCase, NounForms>;
}

const SCALES: readonly Scale[] = [
  {
    value: 1e9,
    gender: 'masc',
    forms: {
      nom: ['миллиард', 'миллиарда', 'миллиардов'],
      acc: ['миллиард', 'миллиарда', 'миллиардов'],
      gen: ['миллиарда', 'миллиардов', 'миллиардов'],
    },
  },
  {
    value: 1e6,
    gender: 'masc',
    forms: {
      nom: ['миллион', 'миллиона', 'миллионов'],
      acc: ['миллион', 'миллиона', 'миллионов'],
      gen: ['миллиона', 'миллионов', 'миллионов'],
    },
  },
  {
    value: 1e3,
    gender: 'fem',
    forms: {
      nom: ['тысяча', 'тысячи', 'тысяч'],
      acc: ['тысячу', 'тысячи', 'тысяч'],
      gen: ['тысячи', 'тысяч', 'тысяч'],
    },
  },
];

/** Index into NounForms for a count in the nominative/accusative: 1 → 0, 2–4 → 1, else 2. */
export function pluralIndex(count: number): 0 | 1 | 2 {
  const n = Math.abs(Math.trunc(count)) % 100;
  if (n >= 11 && n <= 14) return 2;
  const last = n % 10;
  if (last === 1) return 0;
  if (last >= 2 && last <= 4) return 1;
  return 2;
}

/** The noun form agreeing with a count, e.g. plural(5, ['рубль','рубля','рублей']) → 'рублей'. */
export function plural(count: number, forms: NounForms): string {
  return forms[pluralIndex(count)];
}

/** In the genitive a numeral governs the genitive plural, except numbers ending in 1 (not 11). */
export function genitivePluralIndex(count: number): 0 | 1 {
  return pluralIndex(count) === 0 ? 0 : 1;
}

function unitWord(digit: number, gender: Gender, numeralCase: NumeralCase): string {
  if (numeralCase === 'gen') {
    if (digit === 1) return gender === 'fem' ? 'одной' : 'одного';
    return UNITS_GEN[digit]!;
  }
  if (digit === 1) {
    if (gender === 'fem') return numeralCase === 'acc' ? 'одну' : 'одна';
    return gender === 'neut' ? 'одно' : 'один';
  }
  if (digit === 2 && gender === 'fem') return 'две';
  return UNITS_NOM[digit]!;
}

/** Words for 1…999 (empty for 0). */
function triadWords(value: number, gender: Gender, numeralCase: NumeralCase): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  if (hundreds > 0) words.push((numeralCase === 'gen' ? HUNDREDS_GEN : HUNDREDS_NOM)[hundreds]!);
  if (rest >= 10 && rest < 20) {
    const teen = TEENS_NOM[rest - 10]!;
    // Teens decline by replacing the final soft sign: одиннадцать → одиннадцати.
    words.push(numeralCase === 'gen' ? `${teen.slice(0, -1)}и` : teen);
  } else {
    const tens = Math.floor(rest / 10);
    const units = rest % 10;
    if (tens > 0) words.push((numeralCase === 'gen' ? TENS_GEN : TENS_NOM)[tens]!);
    if (units > 0) words.push(unitWord(units, gender, numeralCase));
  }
  return words;
}

/** A non-negative integer in words: numberToWords(2341) → 'две тысячи триста сорок один'. */
export function numberToWords(
  value: number,
  gender: Gender = 'masc',
  numeralCase: NumeralCase = 'nom',
): string {
  if (!Number.isInteger(value) || value < 0 || value >= 1e12) {
    throw new RangeError(`numberToWords supports integers 0…999 999 999 999, got ${value}`);
  }
  if (value === 0) return numeralCase === 'gen' ? 'ноля' : 'ноль';
  const words: string[] = [];
  let rest = value;
  for (const scale of SCALES) {
    const count = Math.floor(rest / scale.value);
    rest %= scale.value;
    if (count === 0) continue;
    words.push(...triadWords(count, scale.gender, numeralCase));
    const forms = scale.forms[numeralCase];
    words.push(numeralCase === 'gen' ? forms[genitivePluralIndex(count)]! : plural(count, forms));
  }
  words.push(...triadWords(rest, gender, numeralCase));
  return words.join(' ');
}

/** A count with its noun, agreeing in number and case: countWithNoun(21, 'masc', forms) → 'двадцать один рубль'. */
export function countWithNoun(
  count: number,
  gender: Gender,
  forms: Record<NumeralCase, NounForms>,
  numeralCase: NumeralCase = 'nom',
): string {
  const noun =
    numeralCase === 'gen' ? forms.gen[genitivePluralIndex(count)]! : plural(count, forms[numeralCase]);
  return `${numberToWords(count, gender, numeralCase)} ${noun}`;
}
