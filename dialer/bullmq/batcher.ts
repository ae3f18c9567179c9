import type { ContactJobRef, DispatchResult } from '../services/dispatch.ts';

export interface BatchLimits {
  /** Jobs in one batch at most. */
  maxBatch: number;
  /** Batches in flight at once (each uses one PostgreSQL connection at a time). */
  parallel: number;
}

interface Waiting {
  job: ContactJobRef;
  resolve(result: DispatchResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for contact jobs: the jobs a worker runs at once (its concurrency) wait here and
 * go to PostgreSQL together — while one batch is in flight the next one fills up, so under load
 * batches grow and round trips per contact shrink, and a lone job still goes at once (the batch
 * closes at the end of the current event-loop turn). Each job still completes or fails on its
 * own in BullMQ; a batch that fails fails each of its jobs, which BullMQ retries.
 */
export class DispatchBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (jobs: readonly ContactJobRef[]) => Promise<DispatchResult[]>,
    private readonly limits: BatchLimits,
  ) {}

  submit(job: ContactJobRef): Promise<DispatchResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.limits.parallel && this.waiting.length > 0) this.startBatch();
    });
  }

  private startBatch(): void {
    const batch = this.waiting.splice(0, this.limits.maxBatch);
    this.inFlight++;
    this.run(batch.map((w) => w.job))
      .then(
        (results) => {
          for (const [i, w] of batch.entries()) w.resolve(results[i]!);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        this.inFlight--;
        if (this.waiting.length > 0) this.schedule();
      });
  }
}
