/**
 * Text normalisation before tokenising: what clients type and what ASR writes are brought to one
 * form — lowercase, ё→е, Latin look-alikes inside Cyrillic words, transliterated words back to
 * Cyrillic, stretched letters ("дааааа"), emoji and decorations removed.
 */
const LOOKALIKES: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
  u: 'и',
  '0': 'о',
  '3': 'з',
  '6': 'б',
};

// Longest first: multi-letter Latin sequences of common Russian transliteration.
const TRANSLIT_RULES: ReadonlyArray<readonly [string, string]> = [
  ['shch', 'щ'],
  ['sch', 'сч'],
  ['iya', 'ия'],
  ['iye', 'ие'],
  ['iyu', 'ию'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['yu', 'ю'],
  ['ju', 'ю'],
  ['ya', 'я'],
  ['ja', 'я'],
  ['yo', 'е'],
  ['ye', 'е'],
  ['iy', 'ий'],
  ['yy', 'ый'],
  ['a', 'а'],
  ['b', 'б'],
  ['v', 'в'],
  ['w', 'в'],
  ['g', 'г'],
  ['d', 'д'],
  ['e', 'е'],
  ['z', 'з'],
  ['i', 'и'],
  ['j', 'й'],
  ['k', 'к'],
  ['q', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['f', 'ф'],
  ['h', 'х'],
  ['ce', 'це'],
  ['ci', 'ци'],
  ['c', 'к'],
  ['x', 'кс'],
  ['y', 'ы'],
  ["'", 'ь'],
];

/** Latin words that are not transliterated Russian (kept as they are). */
const LATIN_KEEP = new Set([
  'qr',
  'sms',
  'pdf',
  'email',
  'mail',
  'ru',
  'ok',
  'www',
  'http',
  'https',
  'com',
  'id',
  'pls',
]);

function transliterateWord(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const rule = TRANSLIT_RULES.find(([latin]) => word.startsWith(latin, i));
    if (rule) {
      out += rule[1];
      i += rule[0].length;
    } else {
      out += word[i];
      i++;
    }
  }
  // A trailing "ы" after a vowel was a "й" (pozhaluysta → пожалуйста is handled by "uy" → "уы" → fix).
  return out.replace(/([аеиоуыэюя])ы/g, '$1й');
}

const HAS_CYRILLIC = /[а-я]/;
const HAS_LATIN = /[a-z]/;

function fixWord(word: string): string {
  if (HAS_CYRILLIC.test(word) && /[a-z036]/.test(word)) {
    // Mixed script (or digits posing as letters) inside a Russian word: map look-alikes.
    if (/^\d+$/.test(word)) return word;
    const mapped = [...word].map((c) => LOOKALIKES[c] ?? c).join('');
    return /\d/.test(mapped) && !/[а-я]{2}/.test(mapped) ? word : mapped;
  }
  if (HAS_LATIN.test(word) && !HAS_CYRILLIC.test(word) && !LATIN_KEEP.has(word) && !/\d/.test(word)) {
    return transliterateWord(word);
  }
  return word;
}

/** Whole-text clean-up, then the raw tokens (not yet normalised one by one). */
export function rawTokens(text: string): string[] {
  const lowered = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    // Abbreviations written with a slash or dots: л/с, л.с. → лс (лицевой счёт).
    .replace(/(^|[^а-я])л\s?[/.]\s?с\.?(?![а-я])/g, '$1лс');
  // Keep letters, digits and a few joiners; everything else (emoji, quotes, dashes) is a space.
  const cleaned = lowered
    .replace(/[^a-zа-я0-9'.,:/№-]+/g, ' ')
    .replace(/(?<=[а-яa-z])[.,:/](?=[а-яa-z])/g, ' ')
    .replace(/([а-яa-z])\1{2,}/g, '$1');
  return cleaned.split(/\s+/).filter(Boolean);
}

/** One raw token normalised: look-alikes, transliteration, stray punctuation ('' when nothing is left). */
export function normalizeToken(token: string): string {
  const word = token.replace(/^[-'.,:/]+|[-'.,:/]+$/g, '');
  return word.includes('-') && /[a-zа-я]/.test(word)
    ? word
        .split('-')
        .map((part) => fixWord(part))
        .join('-')
    : fixWord(word);
}

export function normalizeText(text: string): string {
  return rawTokens(text).map(normalizeToken).filter(Boolean).join(' ');
}
