import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { isDatabaseUnavailable } from '../../core/db/index.ts';
import { OutageNotice } from '../../core/jobs/outage.ts';
import type { CampaignService } from '../services/campaigns.ts';
import type { DialerDeps } from '../services/deps.ts';
import { type LiveJobs, StrandedContactSweep } from '../services/stranded.ts';
import { runTick } from '../services/tick.ts';

export const TICK_QUEUE = 'dialer-tick';

/**
 * The tick as a BullMQ job scheduler: one schedule however many dialer instances start
 * (upsertJobScheduler is idempotent) and one worker at a time runs it.
 */
export async function startTick(
  deps: DialerDeps,
  campaigns: CampaignService,
  options: { connection: ConnectionOptions; prefix: string; everyMs: number; jobs: LiveJobs },
): Promise<{ close(): Promise<void> }> {
  const queue = new Queue(TICK_QUEUE, { connection: options.connection, prefix: options.prefix });
  await queue.upsertJobScheduler(
    'dialer-tick',
    { every: options.everyMs },
    { name: 'tick', opts: { removeOnComplete: 20, removeOnFail: 50 } },
  );
  // Without PostgreSQL the tick skips its round (the next one comes in everyMs); a failed job
  // per round would only fill the log.
  const outage = new OutageNotice(TICK_QUEUE, deps.logger, 60_000);
  // One cursor per process: the tick runs one at a time, in whichever instance takes it.
  const sweep = new StrandedContactSweep(deps, options.jobs);
  const tick = () =>
    runTick(deps, campaigns, sweep).catch((error: unknown) => {
      if (!isDatabaseUnavailable(error)) throw error;
      outage.warn(error);
      return { skipped: 'database_unavailable' };
    });
  const worker = new Worker(TICK_QUEUE, tick, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
  });
  worker.on('failed', (_job, error) => deps.logger?.error({ err: error }, 'dialer tick failed'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
