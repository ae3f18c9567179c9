import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { baseConfigSchema } from '../config/schema.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';

export function registerDbCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (DATABASE_URL)')
    .action(async () => {
      // Migrating needs the database only (a deployment runs it before Redis may be up).
      const config = loadConfig(baseConfigSchema.pick({ DATABASE_URL: true }));
      const pool = createPool(config.DATABASE_URL, { max: 1, applicationName: 'hotline-migrate' });
      try {
        const result = await migrate(pool);
        for (const name of result.applied) console.log(`applied ${name}`);
        console.log(`database is at ${result.applied.length + result.alreadyApplied.length} migration(s)`);
      } finally {
        await pool.end();
      }
    });
}
