import PorterStemmerRu from 'natural/lib/natural/stemmers/porter_stemmer_ru.js';
import AggressiveTokenizerRu from 'natural/lib/natural/tokenizers/aggressive_tokenizer_ru.js';
import { normalizeText } from './normalize.ts';
import { SYNONYMS } from './synonyms.ts';

/**
 * Features of a text for the linear model: word stems (natural's PorterStemmerRu), stem bigrams,
 * character n-grams of each word (typo tolerance: "пакажания" still shares most n-grams with
 * "показания") and the shape of numbers (an 8–12-digit run looks like an account number).
 */
const tokenizer = new AggressiveTokenizerRu();
const stemCache = new Map<string, string>();

export interface Token {
  /** The normalised word. */
  word: string;
  stem: string;
}

export function stem(word: string): string {
  let cached = stemCache.get(word);
  if (cached === undefined) {
    cached = /^\d+$/.test(word) ? word : PorterStemmerRu.stem(word);
    if (stemCache.size < 200_000) stemCache.set(word, cached);
  }
  return cached;
}

/** Normalised words with their stems, slang expanded (see synonyms.ts). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const raw of normalizeText(text).split(' ')) {
    if (!raw) continue;
    const expanded = SYNONYMS[raw] ?? raw;
    for (const word of tokenizer.tokenize(expanded)) tokens.push({ word, stem: stem(word) });
  }
  return tokens;
}

function numberShape(digits: string): string {
  if (digits.length >= 8) return 'n:long';
  if (digits.length >= 5) return 'n:5-7';
  if (digits.length >= 3) return 'n:3-4';
  return 'n:1-2';
}

export const CHAR_NGRAM_SIZES = [3, 4] as const;

/** The set of feature names of a text (order is irrelevant; each counts once). */
export function featuresOf(tokens: readonly Token[]): Set<string> {
  const features = new Set<string>();
  let previous = '^';
  for (const { word, stem: wordStem } of tokens) {
    if (/^\d+$/.test(word)) {
      features.add(numberShape(word));
      features.add(`b:${previous}_#`);
      previous = '#';
      continue;
    }
    features.add(`w:${wordStem}`);
    features.add(`b:${previous}_${wordStem}`);
    previous = wordStem;
    if (word.length < 3) continue;
    const padded = `<${word}>`;
    for (const size of CHAR_NGRAM_SIZES) {
      for (let i = 0; i + size <= padded.length; i++) features.add(`c:${padded.slice(i, i + size)}`);
    }
  }
  if (tokens.length <= 2) features.add('len:short');
  return features;
}
