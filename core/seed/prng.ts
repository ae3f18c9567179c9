/**
 * A small seeded PRNG (sfc32) so the demo is reproducible: the same seed and key give the same
 * sequence on every machine and Node version (Math.random cannot be seeded).
 *
 * Each account draws from its own stream, keyed by (seed, account index, purpose): every table
 * writer can re-derive one account's data without generating the others, so rows stream out
 * table by table without holding 100,000 accounts in memory.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...key: number[]) {
    this.a = mix(0x9e3779b9, key);
    this.b = mix(0x243f6a88, key);
    this.c = mix(0xb7e15162, key);
    this.d = mix(0x85a308d3, key);
    for (let i = 0; i < 12; i++) this.next(); // let the seeds diffuse
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let point = this.next() * total;
    for (const [item, weight] of items) {
      point -= weight;
      if (point < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const value = mean + spread * (this.next() + this.next() + this.next() - 1.5) * 1.15;
    return Math.min(max, Math.max(min, value));
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += Math.floor(this.next() * 10);
    return out;
  }
}

/** Purposes of the per-account streams (any distinct numbers). */
export const STREAM = { owner: 1, account: 2, consumption: 3, readings: 4, payments: 5, number: 6 } as const;

function mix(start: number, key: readonly number[]): number {
  let h = start | 0;
  for (const part of key) {
    // murmur3-style mixing of each 32-bit part (and the high part of larger integers)
    for (const word of [part | 0, Math.floor(part / 4294967296) | 0]) {
      h = Math.imul(h ^ word, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
      h = Math.imul(h, 0x1b873593) ^ (h >>> 13);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
