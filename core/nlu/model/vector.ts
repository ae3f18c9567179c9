import { featuresOf, type Token } from '../text/features.ts';

/**
 * Feature weighting by kind: whole stems matter most, bigrams add word order, character n-grams
 * only rescue typos and unknown forms. The vector is L2-normalised so long letters and one-word
 * messages produce comparable scores.
 */
const KIND_WEIGHT: Readonly<Record<string, number>> = { w: 1, b: 0.6, c: 0.3, n: 0.5, len: 0.5 };

export interface SparseVector {
  names: string[];
  values: number[];
}

export function vectorOf(tokens: readonly Token[]): SparseVector {
  const names = [...featuresOf(tokens)];
  const values = names.map((name) => KIND_WEIGHT[name.slice(0, name.indexOf(':'))] ?? 1);
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return { names, values: values.map((v) => v / norm) };
}
