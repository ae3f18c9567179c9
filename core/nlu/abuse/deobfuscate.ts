/**
 * Undoes the usual disguises of obscenities before the lexicon looks at a text: Latin and digit
 * look-alikes (xуй, 3aeбaл, cyкa), masks (х*й, п@зд), spaced or dotted letters (б л я, х.у.й),
 * stretched letters (бляяя, ссука) and transliteration (blyat, nahuy).
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'б',
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
  '1': 'и',
  '3': 'з',
  '6': 'б',
  '@': 'а',
  $: 'с',
};
const TRANSLIT: ReadonlyArray<readonly [string, string]> = [
  ['sch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['yo', 'е'],
  ['ye', 'е'],
  ['a', 'а'],
  ['b', 'б'],
  ['v', 'в'],
  ['g', 'г'],
  ['d', 'д'],
  ['e', 'е'],
  ['z', 'з'],
  ['i', 'и'],
  ['j', 'й'],
  ['k', 'к'],
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
  ['x', 'х'],
  ['c', 'к'],
  ['y', 'й'],
];

/** A mask character inside a word stands for hidden letters. */
export const MASK = '*';

function transliterate(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; ) {
    const rule = TRANSLIT.find(([latin]) => word.startsWith(latin, i));
    out += rule ? rule[1] : word[i];
    i += rule ? rule[0].length : 1;
  }
  return out;
}

function collapseDoubles(word: string): string {
  return word.replace(/([а-я])\1+/g, '$1');
}

/** Spelling variants of one token that the lexicon is matched against. */
export function wordVariants(token: string): string[] {
  const variants = new Set<string>([token]);
  const hasCyrillic = /[а-я]/.test(token);
  const hasLatin = /[a-z@$]/.test(token);
  if (hasLatin || /[0136]/.test(token)) {
    const mapped = [...token].map((c) => LOOKALIKES[c] ?? c).join('');
    if (/^[а-я*]+$/.test(mapped)) variants.add(mapped);
  }
  if (hasLatin && !hasCyrillic) variants.add(transliterate(token));
  for (const v of [...variants]) variants.add(collapseDoubles(v));
  return [...variants].filter((v) => /[а-я]/.test(v));
}

/**
 * Lowercases, joins letters written apart ("б л я", "х.у.й") and splits into tokens; masks such as
 * "*", "#", "%" or "…" between letters become MASK.
 */
export function abuseTokens(text: string): string[] {
  const lowered = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/ъ/g, 'ь')
    // Masks inside a word: х*й, п**дец, б#ядь, е…ать.
    .replace(/(?<=[а-яa-z])[*#%…]+(?=[а-яa-z])/g, MASK)
    .replace(/([а-яa-z@$0-9])\1{2,}/g, '$1');
  // Single letters separated by spaces, dots, dashes or underscores, at least three in a row.
  const joined = lowered.replace(/(?<![а-яa-z])[а-яa-z](?:[\s.\-_]+[а-яa-z](?![а-яa-z])){2,}/g, (run) =>
    run.replace(/[\s.\-_]+/g, ''),
  );
  return joined.split(/[^а-яa-z0-9@$*]+/).filter((t) => t.length > 0 && !/^\d+$/.test(t));
}
