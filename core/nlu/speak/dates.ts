/** Dates in words for prompts: dateToWords(27, 11) → 'двадцать седьмое ноября'. */
export type OrdinalCase = 'nom' | 'gen';

const MONTHS_GEN = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

// Neuter ordinal stems 1–19 and round tens; the ending depends on the case.
const ORDINAL_STEMS = [
  '',
  'перв',
  'втор',
  'трет',
  'четвёрт',
  'пят',
  'шест',
  'седьм',
  'восьм',
  'девят',
  'десят',
  'одиннадцат',
  'двенадцат',
  'тринадцат',
  'четырнадцат',
  'пятнадцат',
  'шестнадцат',
  'семнадцат',
  'восемнадцат',
  'девятнадцат',
];
const TENS_ORDINAL_STEMS: Record<number, string> = { 20: 'двадцат', 30: 'тридцат' };
const TENS_CARDINAL: Record<number, string> = { 20: 'двадцать', 30: 'тридцать' };

function ordinalEnding(stem: string, ordinalCase: OrdinalCase): string {
  // третий is the only soft-stem ordinal among days: третье / третьего.
  if (stem === 'трет') return ordinalCase === 'nom' ? 'третье' : 'третьего';
  return ordinalCase === 'nom' ? `${stem}ое` : `${stem}ого`;
}

/** The day of month as a neuter ordinal: 27 → 'двадцать седьмое' (nom) / 'двадцать седьмого' (gen). */
export function dayOrdinal(day: number, ordinalCase: OrdinalCase = 'nom'): string {
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`day must be 1…31, got ${day}`);
  if (day < 20) return ordinalEnding(ORDINAL_STEMS[day]!, ordinalCase);
  const tens = day - (day % 10);
  const units = day % 10;
  if (units === 0) return ordinalEnding(TENS_ORDINAL_STEMS[tens]!, ordinalCase);
  return `${TENS_CARDINAL[tens]} ${ordinalEnding(ORDINAL_STEMS[units]!, ordinalCase)}`;
}

/** 'двадцать седьмое ноября' (nom, "сегодня …") or 'двадцать седьмого ноября' (gen, "до …"). */
export function dateToWords(day: number, month: number, ordinalCase: OrdinalCase = 'nom'): string {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`month must be 1…12, got ${month}`);
  return `${dayOrdinal(day, ordinalCase)} ${MONTHS_GEN[month - 1]}`;
}
