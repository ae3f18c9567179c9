import type { Command } from 'commander';
import type { buildRecordings } from './service.ts';

/** `hotline recordings purge|verify|scan`: the scheduled jobs, run once by hand. */
export function registerRecordingsCommands(program: Command): void {
  const recordings = program.command('recordings').description('call recordings maintenance');
  const once = async (work: (built: ReturnType<typeof buildRecordings>) => Promise<unknown>) => {
    // A context with no services started: just the shared pool, Redis and logger.
    // Loaded on use, so `hotline --help` does not pay for the S3 SDK.
    const { startServices } = await import('../core/platform/runner.ts');
    const { buildRecordings: build } = await import('./service.ts');
    const platform = await startServices([]);
    try {
      console.log(JSON.stringify(await work(build(platform.context))));
    } finally {
      await platform.close();
    }
  };
  recordings
    .command('purge')
    .description('delete audio past the retention period (never below 6 months, never under legal hold)')
    .action(() => once((built) => built.purge.run()));
  recordings
    .command('verify')
    .description('re-hash a sample of stored recordings and report damaged or missing files')
    .option('--sample <n>', 'how many recordings to check', '200')
    .action((options: { sample: string }) => once((built) => built.verifier.run(Number(options.sample))));
  recordings
    .command('scan')
    .description("ingest finished files from Asterisk's spool folders now")
    .action(() => once(async (built) => Promise.all(built.scanners.map((scanner) => scanner.scan()))));
}
