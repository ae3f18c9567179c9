import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError } from '../core/cli/errors.ts';
import type { CampaignService } from './services/campaigns.ts';

const ACTOR = 'cli';

/**
 * `hotline campaign create|upload|schedule|start|pause|resume|stop|progress`: the supervisor's
 * operations from a terminal (the desktop calls the same CampaignService).
 */
export function registerDialerCommands(program: Command): void {
  const campaign = program.command('campaign').description('autoinforming campaigns (dialer)');
  const run = async (work: (campaigns: CampaignService) => Promise<unknown>) => {
    const { startServices } = await import('../core/platform/runner.ts');
    const { buildDialer } = await import('./service.ts');
    const { CampaignError } = await import('./services/errors.ts');
    const platform = await startServices([]);
    const dialer = buildDialer(platform.context);
    try {
      console.log(JSON.stringify(await work(dialer.campaigns), null, 2));
    } catch (error) {
      if (error instanceof CampaignError) {
        throw new CliError([error.message, ...error.problems.map((p) => `  ${p}`)].join('\n'));
      }
      throw error;
    } finally {
      await dialer.queues.close();
      await platform.close();
    }
  };
  const id = (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new CliError(`not a campaign id: ${value}`);
    return parsed;
  };

  campaign
    .command('create <file>')
    .description(
      'create a draft from a JSON definition (name, purpose, channels, audience, templates, startsAt, endsAt)',
    )
    .action((file: string) =>
      run(async (campaigns) => {
        let definition: unknown;
        try {
          definition = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
        }
        return campaigns.create(definition as Parameters<CampaignService['create']>[0], ACTOR);
      }),
    );
  campaign
    .command('upload <id> <csv>')
    .description('set the audience of a draft from a CSV (column account, optional date)')
    .action((value: string, csv: string) =>
      run(async (campaigns) => campaigns.uploadAudience(id(value), await readFile(csv, 'utf8'), ACTOR)),
    );
  for (const action of ['schedule', 'start', 'pause', 'resume', 'stop'] as const) {
    campaign
      .command(`${action} <id>`)
      .description(`${action} a campaign`)
      .action((value: string) =>
        run((campaigns) => campaigns[action](id(value), ACTOR).then((r) => r ?? { ok: true })),
      );
  }
  campaign
    .command('progress <id>')
    .description('planned, attempted, positive, negative, pending, opted out')
    .action((value: string) => run((campaigns) => campaigns.progress(id(value))));
}
