import { cpus, loadavg } from 'node:os';

/**
 * Small helpers every benchmark uses to report: percentiles, rounding, the machine it ran on,
 * and the one JSON line that ends every benchmark's output.
 */

/** The p-th percentile (0–100, nearest rank) of the values; 0 for no values. Does not modify `values`. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return 0;
  if (p < 0 || p > 100) throw new RangeError(`percentile must be 0–100, got ${p}`);
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * CPU count and the 1-minute load average: a figure taken while other work shares the CPUs is
 * not comparable with one taken on an idle machine, so every JSON line carries both.
 */
export function machine(): { cpus: number; load_avg_1m: number } {
  return { cpus: cpus().length, load_avg_1m: round(loadavg()[0] ?? 0) };
}

/** Prints the final line of a benchmark: `{"bench":"<name>",...figures}`. */
export function printFigures(bench: string, figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench, ...figures }));
}

/** Parses `--name value` flags, e.g. `numberFlag(process.argv, '--accounts', 100_000)`. */
export function numberFlag(argv: readonly string[], flag: string, fallback: number): number {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value)) throw new Error(`${flag} needs a number, got "${argv[at + 1] ?? ''}"`);
  return value;
}

export function stringFlag(argv: readonly string[], flag: string, fallback: string): string {
  const at = argv.indexOf(flag);
  return at < 0 ? fallback : (argv[at + 1] ?? fallback);
}
