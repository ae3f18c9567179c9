import type { ByteRange } from '../storage/storage.ts';

export type RangeResult =
  | { kind: 'full' }
  | { kind: 'partial'; range: ByteRange }
  | { kind: 'unsatisfiable' };

/**
 * Parses a `Range` header (RFC 9110 §14) for one resource of `size` bytes: `bytes=a-b`, `bytes=a-`
 * and suffix `bytes=-n`. Several ranges are answered with the whole body (allowed by the RFC;
 * browsers seeking audio ask for one). A malformed header is ignored, an unsatisfiable one → 416.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' };
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!match)
    return header.includes(',') || !header.startsWith('bytes=')
      ? { kind: 'full' }
      : { kind: 'unsatisfiable' };
  const [, first, last] = match;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}
