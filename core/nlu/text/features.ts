import PorterStemmerRu from 'natural/lib/natural/stemmers/porter_stemmer_ru.js';
import AggressiveTokenizerRu from 'natural/lib/natural/tokenizers/aggressive_tokenizer_ru.js';
import { normalizeToken, rawTokens } from './normalize.ts';
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
    if (/\d/.test(word)) return word;
    cached = PorterStemmerRu.stem(word);
    // Bounded: a long-running process must not grow without limit on typos.
    if (stemCache.size < 50_000) stemCache.set(word, cached);
  }
  return cached;
}

// Raw token → its tokens: the same words recur in every message, so each is processed once.
const tokenCache = new Map<string, readonly Token[]>();

function tokensOfRaw(raw: string): readonly Token[] {
  let tokens = tokenCache.get(raw);
  if (tokens === undefined) {
    const normalized = normalizeToken(raw);
    const list: Token[] = [];
    if (normalized) {
      const expanded = SYNONYMS[normalized] ?? normalized;
      for (const word of tokenizer.tokenize(expanded)) list.push({ word, stem: stem(word) });
    }
    tokens = list;
    // Bounded, and numbers are not kept: each one is new, caching them only grows the heap.
    if (tokenCache.size < 50_000 && !/\d/.test(raw)) tokenCache.set(raw, tokens);
  }
  return tokens;
}

/** Normalised words with their stems, slang expanded (see synonyms.ts). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const raw of rawTokens(text)) tokens.push(...tokensOfRaw(raw));
  return tokens;
}

function numberShape(digits: string): string {
  if (digits.length >= 8) return 'n:long';
  if (digits.length >= 5) return 'n:5-7';
  if (digits.length >= 3) return 'n:3-4';
  return 'n:1-2';
}

export const CHAR_NGRAM_SIZES = [3, 4] as const;

const wordFeatureCache = new Map<string, readonly string[]>();

/** The stem and character n-gram features of one word, computed once per distinct word. */
function wordFeatures(word: string, wordStem: string): readonly string[] {
  const key = `${word}\u0000${wordStem}`;
  let features = wordFeatureCache.get(key);
  if (features === undefined) {
    const list = [`w:${wordStem}`];
    if (word.length >= 3) {
      const padded = `<${word}>`;
      for (const size of CHAR_NGRAM_SIZES) {
        for (let i = 0; i + size <= padded.length; i++) list.push(`c:${padded.slice(i, i + size)}`);
      }
    }
    features = list;
    if (wordFeatureCache.size < 50_000) wordFeatureCache.set(key, features);
  }
  return features;
}

/** The set of feature names of a text (order is irrelevant; each counts once). */
export function featuresOf(tokens: readonly Token[], into?: Set<string>): Set<string> {
  const features = into ?? new Set<string>();
  features.clear();
  let previous = '^';
  for (const { word, stem: wordStem } of tokens) {
    if (/^\d+$/.test(word)) {
      features.add(numberShape(word));
      features.add(`b:${previous}_#`);
      previous = '#';
      continue;
    }
    for (const feature of wordFeatures(word, wordStem)) features.add(feature);
    features.add(`b:${previous}_${wordStem}`);
    previous = wordStem;
  }
  if (tokens.length <= 2) features.add('len:short');
  return features;
}
