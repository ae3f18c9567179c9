import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Logger } from '../../core/logging/logger.ts';
import type { RecordingPurge } from '../services/purge.ts';
import type { RecordingVerifier } from '../services/verify.ts';

export const MAINTENANCE_QUEUE = 'recordings-maintenance';

export interface MaintenanceSchedule {
  /** Cron in the retailer's zone; purge runs at night when nobody listens. */
  purgeCron: string;
  verifyCron: string;
  verifySample: number;
  timeZone: string;
}

export const DEFAULT_SCHEDULE: Omit<MaintenanceSchedule, 'timeZone'> = {
  purgeCron: '15 3 * * *',
  verifyCron: '45 * * * *',
  verifySample: 200,
};

/**
 * Retention purge and integrity verification as BullMQ job schedulers: one schedule per job no
 * matter how many instances start (upsertJobScheduler is idempotent), and one worker at a time
 * runs each job, with its report kept as the job's return value.
 */
export async function startMaintenance(options: {
  connection: ConnectionOptions;
  prefix: string;
  schedule: MaintenanceSchedule;
  purge: RecordingPurge;
  verifier: RecordingVerifier;
  logger: Logger;
}): Promise<{ queue: Queue; worker: Worker; close(): Promise<void> }> {
  const { connection, prefix, schedule, logger } = options;
  const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
  await queue.upsertJobScheduler(
    'purge-expired',
    { pattern: schedule.purgeCron, tz: schedule.timeZone },
    { name: 'purge', opts: { removeOnComplete: 50, removeOnFail: 50 } },
  );
  await queue.upsertJobScheduler(
    'verify-sample',
    { pattern: schedule.verifyCron, tz: schedule.timeZone },
    {
      name: 'verify',
      data: { sample: schedule.verifySample },
      opts: { removeOnComplete: 50, removeOnFail: 50 },
    },
  );
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === 'purge') {
        const report = await options.purge.run();
        logger.info({ report }, 'recordings purge finished');
        return report;
      }
      if (job.name === 'verify') {
        const report = await options.verifier.run(Number(job.data?.sample) || schedule.verifySample);
        if (report.mismatches.length || report.missing.length) {
          logger.error(
            { mismatches: report.mismatches, missing: report.missing },
            'recordings integrity check found damaged or missing files',
          );
        }
        return report;
      }
      throw new Error(`unknown maintenance job ${job.name}`);
    },
    { connection, prefix, concurrency: 1 },
  );
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
