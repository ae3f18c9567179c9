import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { registerCommands } from './commands.ts';
import { CliError } from './errors.ts';

const program = new Command('hotline')
  .description('hotline — contact-center platform for electricity retailers')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof CliError) {
    process.stderr.write(`hotline: ${error.message}\n`);
    process.exit(2);
  }
  if ((error as { code?: string }).code === '42P01') {
    process.stderr.write('hotline: the database is not migrated yet: run `npx hotline migrate`\n');
    process.exit(2);
  }
  throw error;
}
