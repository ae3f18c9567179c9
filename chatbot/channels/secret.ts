import { timingSafeEqual } from 'node:crypto';

/** Compares a received secret with the configured one in constant time (no timing oracle). */
export function secretMatches(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
