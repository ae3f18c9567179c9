/**
 * Seeding benchmark: loads N demo accounts (default 100,000) with their year of history into a
 * scratch database, then drops it. Prints the workload, the time per table and the totals; the
 * last line is one JSON object. Usage: npm run bench -- seed [--accounts N] [--seed S] [--as-of D]
 */
import { seedDemo } from '../../core/seed/seeder.ts';
import { createScratchDatabase, machine, numberFlag, printFigures, round, stringFlag } from '../lib/index.ts';

const argv = process.argv.slice(2);
const accounts = numberFlag(argv, '--accounts', 100_000);
const seed = numberFlag(argv, '--seed', 1);
const asOf = stringFlag(argv, '--as-of', '2026-11-27');

const before = machine();
console.log(`workload: seed ${accounts} accounts (seed ${seed}, as of ${asOf}) into a scratch database`);
console.log(`machine: ${before.cpus} CPUs, load average ${before.load_avg_1m}`);

const db = await createScratchDatabase('seed');
try {
  const stepSeconds: Record<string, number> = {};
  const result = await seedDemo(db.pool, {
    accounts,
    seed,
    asOf,
    onStep: (step, rows, seconds) => {
      stepSeconds[step] = round(seconds);
      console.log(
        `  ${step.padEnd(34)} ${rows === null ? '' : String(rows).padStart(9)} ${seconds.toFixed(1).padStart(6)} s`,
      );
    },
  });
  const rows = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
  const { rows: size } = await db.pool.query<{ mb: number }>(
    'select round(pg_database_size(current_database()) / 1048576.0)::int as mb',
  );
  console.log(
    `seeded ${accounts} accounts, ${rows} rows in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(accounts / result.seconds)} accounts/s, ${Math.round(rows / result.seconds)} rows/s), ` +
      `database ${size[0]!.mb} MB`,
  );
  printFigures('seed', {
    accounts,
    seconds: round(result.seconds, 1),
    accounts_per_s: Math.round(accounts / result.seconds),
    rows,
    rows_per_s: Math.round(rows / result.seconds),
    db_mb: size[0]!.mb,
    step_seconds: stepSeconds,
    ...machine(),
  });
} finally {
  await db.drop();
}
