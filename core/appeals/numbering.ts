import type { Queryable } from '../db/pool.ts';

/**
 * Registration numbers: `ЕКЦ-<year>-<6-digit sequence>`, e.g. `ЕКЦ-2026-000123`. The sequence
 * restarts each year (the local year of registration) and comes from `appeal_counters`.
 */
export const REG_NUMBER_PREFIX = 'ЕКЦ';
export const REG_NUMBER_PATTERN = /^ЕКЦ-(\d{4})-(\d{6,})$/;

export function formatRegNumber(year: number, sequence: number): string {
  return `${REG_NUMBER_PREFIX}-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Takes the next number of `year`. Must run inside the registering transaction: the upsert
 * locks the year's counter row until commit, so concurrent registrations queue on it and get
 * consecutive numbers, and a rolled-back registration gives its number back (no gaps).
 */
export async function takeNextSequence(tx: Queryable, year: number): Promise<number> {
  const { rows } = await tx.query<{ last_number: number }>(
    `insert into appeal_counters (year, last_number) values ($1, 1)
     on conflict (year) do update set last_number = appeal_counters.last_number + 1
     returning last_number`,
    [year],
  );
  return rows[0]!.last_number;
}
