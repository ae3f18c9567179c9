import { featuresOf, type Token } from '../text/features.ts';

/**
 * Feature weighting by kind: whole stems matter most, bigrams add word order, character n-grams
 * only rescue typos and unknown forms. The vector is L2-normalised so long letters and one-word
 * messages produce comparable scores.
 */
/** The weight of a feature by its kind prefix (w:, b:, c:, n:, len:). */
export function kindWeight(name: string): number {
  switch (name.charCodeAt(0)) {
    case 119: // w
      return 1;
    case 98: // b
      return 0.6;
    case 99: // c
      return 0.3;
    default: // n:, len:
      return 0.5;
  }
}

export interface SparseVector {
  names: string[];
  values: number[];
}

export function vectorOf(tokens: readonly Token[]): SparseVector {
  const names = [...featuresOf(tokens)];
  const values = names.map(kindWeight);
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return { names, values: values.map((v) => v / norm) };
}
