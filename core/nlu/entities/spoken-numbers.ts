/**
 * Spoken numbers in ASR transcripts turned into digits: "двенадцать тысяч триста сорок пять" →
 * "12345", digit-by-digit dictation "семь два ноль ноль один" → "72001", mixed dictation
 * "восемь девятьсот тринадцать …" → "8913…". A run of number words that cannot form one number is
 * dictation, so its parts are concatenated; any other word ends the run ("день … ночь …").
 */
type Kind = 'zero' | 'unit' | 'teen' | 'ten' | 'hundred' | 'scale';

const WORDS = new Map<string, { value: number; kind: Kind }>();
function add(kind: Kind, value: number, ...forms: string[]): void {
  for (const form of forms) WORDS.set(form, { value, kind });
}
add('zero', 0, 'ноль', 'нуль', 'ноля', 'нуля');
add('unit', 1, 'один', 'одна', 'одно', 'одну', 'первое', 'первого', 'первый', 'первая');
add('unit', 2, 'два', 'две', 'второе', 'второго', 'второй', 'вторая');
add('unit', 3, 'три', 'третье', 'третьего', 'третий');
add('unit', 4, 'четыре', 'четвертое', 'четвертого');
add('unit', 5, 'пять', 'пятое', 'пятого');
add('unit', 6, 'шесть', 'шестое', 'шестого');
add('unit', 7, 'семь', 'седьмое', 'седьмого');
add('unit', 8, 'восемь', 'восьмое', 'восьмого');
add('unit', 9, 'девять', 'девятое', 'девятого');
const TEENS = [
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
TEENS.forEach((word, i) => {
  const stem = word.slice(0, -1);
  add('teen', 10 + i, word, `${stem}ое`, `${stem}ого`);
});
const TENS = [
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
TENS.forEach((word, i) => {
  add('ten', 20 + i * 10, word);
});
add('ten', 20, 'двадцатое', 'двадцатого');
add('ten', 30, 'тридцатое', 'тридцатого');
const HUNDREDS = [
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
HUNDREDS.forEach((word, i) => {
  add('hundred', 100 * (i + 1), word);
});
add('scale', 1000, 'тысяча', 'тысячи', 'тысяч', 'тысячу');
add('scale', 1_000_000, 'миллион', 'миллиона', 'миллионов');

interface Chunk {
  total: number;
  section: number;
  last: Kind;
}

function canContinue(chunk: Chunk, kind: Kind): boolean {
  switch (kind) {
    case 'scale':
      return chunk.last !== 'scale' && chunk.last !== 'zero' && chunk.section > 0;
    case 'hundred':
      return chunk.last === 'scale';
    case 'ten':
    case 'teen':
      return chunk.last === 'scale' || chunk.last === 'hundred';
    case 'unit':
      return chunk.last === 'scale' || chunk.last === 'hundred' || chunk.last === 'ten';
    default:
      return false;
  }
}

/** Digits for one run of number words (see the module comment). */
export function parseNumberRun(words: readonly string[]): string {
  const chunks: Chunk[] = [];
  for (const word of words) {
    const entry = WORDS.get(word);
    if (!entry) throw new Error(`not a number word: ${word}`);
    const current = chunks.at(-1);
    if (current && canContinue(current, entry.kind)) {
      if (entry.kind === 'scale') {
        current.total += current.section * entry.value;
        current.section = 0;
      } else {
        current.section += entry.value;
      }
      current.last = entry.kind;
    } else if (entry.kind === 'scale') {
      chunks.push({ total: entry.value, section: 0, last: 'scale' });
    } else {
      chunks.push({ total: 0, section: entry.value, last: entry.kind });
    }
  }
  return chunks.map((c) => String(c.total + c.section)).join('');
}

export function isNumberWord(word: string): boolean {
  return WORDS.has(word);
}

/** Replaces every run of number words in a lowercased text by its digits. */
export function spokenToDigits(text: string): string {
  const words = text.split(/(\s+)/);
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push(parseNumberRun(run));
    run = [];
  };
  for (const piece of words) {
    if (/^\s+$/.test(piece)) {
      if (run.length === 0) out.push(piece);
      continue;
    }
    const bare = piece.replace(/[.,!?;:]+$/, '');
    // "14 тысяч" written with digits keeps its word: the money extractor reads it as a multiplier.
    const afterDigits = run.length === 0 && /^\d+$/.test(out.filter((p) => !/^\s+$/.test(p)).at(-1) ?? '');
    if (isNumberWord(bare) && !(afterDigits && WORDS.get(bare)?.kind === 'scale')) {
      run.push(bare);
      if (bare !== piece) {
        flush();
        out.push(piece.slice(bare.length), ' ');
      }
      continue;
    }
    if (run.length > 0) {
      flush();
      out.push(' ');
    }
    out.push(piece);
  }
  flush();
  return out.join('').replace(/\s+/g, ' ').trim();
}
