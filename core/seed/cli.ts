import type { Command } from 'commander';
import { CliError } from '../cli/errors.ts';
import { loadConfig } from '../config/load.ts';
import { createPool } from '../db/pool.ts';
import { systemClock } from '../lifecycle/clock.ts';
import { SeedRefusedError, seedDemo } from './seeder.ts';
import { todayInKhakassia } from './time.ts';

export function registerSeedCommands(program: Command): void {
  program
    .command('seed')
    .description(
      'load a deterministic demo (Khakassia accounts, history, outages, staff) into an empty database',
    )
    .requiredOption('--accounts <n>', 'how many personal accounts to create', wholeNumber('--accounts'))
    .option(
      '--seed <int>',
      'PRNG seed: the same accounts, seed and --as-of give the same data',
      wholeNumber('--seed'),
      1,
    )
    .option('--as-of <date>', "the demo's today, YYYY-MM-DD (default: today in Khakassia)")
    .option('--if-empty', 'do nothing when the database already has accounts')
    .action(async (options: { accounts: number; seed: number; asOf?: string; ifEmpty?: boolean }) => {
      const config = loadConfig();
      const pool = createPool(config.DATABASE_URL, { max: 2, applicationName: 'hotline-seed' });
      try {
        const result = await seedDemo(pool, {
          accounts: options.accounts,
          seed: options.seed,
          asOf: options.asOf ?? todayInKhakassia(systemClock),
          ifEmpty: options.ifEmpty === true,
          onStep: (step, rows, seconds) =>
            console.log(
              `  ${step.padEnd(32)} ${rows === null ? '' : `${rows} rows `}${seconds.toFixed(1)} s`,
            ),
        });
        if (result.skipped) {
          console.log(`demo data not seeded: the database already has ${result.existingAccounts} account(s)`);
          return;
        }
        console.log(
          `seeded ${options.accounts} accounts (seed ${options.seed}, as of ${result.asOf}) in ${result.seconds.toFixed(1)} s`,
        );
        printCredentials(result.createdUsers);
      } catch (error) {
        if (error instanceof SeedRefusedError || error instanceof RangeError)
          throw new CliError(error.message);
        if (error instanceof Error && /expected a date|no such date/.test(error.message)) {
          throw new CliError(`--as-of: ${error.message}`);
        }
        throw error;
      } finally {
        await pool.end();
      }
    });
}

/** Shown once, right after seeding: the passwords are demo ones, but nobody should have to guess them. */
function printCredentials(users: readonly { login: string; password: string; roles: string[] }[]): void {
  if (users.length === 0) return;
  console.log('\ndemo users (change or deactivate them before real use):');
  for (const user of users) {
    console.log(`  ${user.login.padEnd(12)} ${user.password.padEnd(18)} ${user.roles.join(', ')}`);
  }
}

function wholeNumber(flag: string): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) throw new CliError(`${flag} must be a whole number, got "${value}"`);
    return Number(value);
  };
}
