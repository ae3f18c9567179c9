import type { Token } from '../text/features.ts';

/**
 * Typo tolerance: a word whose stem the model never saw is replaced by a known stem one edit away
 * (a letter missing, extra, or swapped for another: "счечик" → "счетчик", "квитацию" → "квитанц").
 * Symmetric-delete lookup, built once per model: fast and deterministic. Short stems are left
 * alone — one edit turns them into too many other words.
 */
const MIN_LENGTH = 5;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export class SpellingCorrector {
  private readonly known: Set<string>;
  /** One-letter deletion of a known stem → that stem (the first in sorted order wins ties). */
  private readonly byDeletion = new Map<string, string>();

  constructor(knownStems: Iterable<string>) {
    this.known = new Set(knownStems);
    for (const stem of [...this.known].sort()) {
      if (stem.length < MIN_LENGTH) continue;
      for (const d of deletions(stem)) if (!this.byDeletion.has(d)) this.byDeletion.set(d, stem);
    }
  }

  correctStem(stem: string): string {
    if (this.known.has(stem) || stem.length < MIN_LENGTH - 1 || /\d/.test(stem)) return stem;
    // A letter missing from a known stem.
    const missing = this.byDeletion.get(stem);
    if (missing) return missing;
    for (const d of deletions(stem)) {
      // An extra letter, or one letter replaced by another.
      if (d.length >= MIN_LENGTH - 1 && this.known.has(d)) return d;
      const replaced = this.byDeletion.get(d);
      if (replaced && replaced.length === stem.length) return replaced;
    }
    return stem;
  }

  correct(tokens: readonly Token[]): Token[] {
    return tokens.map((t) => {
      const stem = this.correctStem(t.stem);
      return stem === t.stem ? t : { word: t.word, stem };
    });
  }
}
