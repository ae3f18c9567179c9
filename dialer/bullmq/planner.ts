import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import { OutageNotice, postponedWhileDatabaseDown } from '../../core/jobs/outage.ts';
import { type Clock, realDelayMs } from '../../core/lifecycle/clock.ts';
import type { DialerDeps, PlanChunk } from '../services/deps.ts';
import { fanOutChunk } from '../services/planning.ts';

export const PLAN_QUEUE = 'dialer-plan';

interface PlanJobData {
  campaignId: number;
  channel: PlanChunk['channel'];
  at: string;
  contactIds: number[];
}

export class PlanQueue {
  readonly queue: Queue<PlanJobData>;
  constructor(
    connection: ConnectionOptions,
    prefix: string,
    private readonly clock: Clock,
  ) {
    this.queue = new Queue<PlanJobData>(PLAN_QUEUE, { connection, prefix });
  }

  enqueue = async (chunks: readonly PlanChunk[]): Promise<void> => {
    if (chunks.length === 0) return;
    const now = this.clock.nowMs();
    await this.queue.addBulk(
      chunks.map((chunk) => ({
        name: 'chunk',
        data: { ...chunk, at: chunk.at.toISOString() },
        opts: {
          delay: realDelayMs(this.clock, chunk.at.getTime() - now),
          removeOnComplete: 100,
          removeOnFail: 1000,
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
        },
      })),
    );
  };

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** Fans planning jobs out into per-contact jobs when their instant comes. */
export function startPlanWorker(
  deps: DialerDeps,
  options: { connection: ConnectionOptions; prefix: string },
) {
  const worker = new Worker<PlanJobData>(
    PLAN_QUEUE,
    postponedWhileDatabaseDown(new OutageNotice(PLAN_QUEUE, deps.logger), (job: Job<PlanJobData>) =>
      fanOutChunk(deps, { ...job.data, at: new Date(job.data.at) }),
    ),
    { connection: options.connection, prefix: options.prefix, concurrency: 4 },
  );
  worker.on('failed', (job, error) =>
    deps.logger?.error({ err: error, jobId: job?.id }, 'dialer planning job failed'),
  );
  return worker;
}
