import { DelayedError, type Job } from 'bullmq';
import { isDatabaseUnavailable } from '../db/index.ts';
import type { Logger } from '../logging/logger.ts';

/** Longest pause between two tries of a job while what it needs is away. */
export const OUTAGE_MAX_DELAY_MS = 30_000;

/**
 * While PostgreSQL (or another dependency) is down every job fails the same way; one warning per
 * interval per queue is enough for the operator (health shows `degraded` meanwhile), not one per job.
 */
export class OutageNotice {
  private lastWarnedAt = 0;

  constructor(
    private readonly what: string,
    private readonly logger: Logger | undefined,
    private readonly everyMs = 10_000,
  ) {}

  warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnedAt < this.everyMs) return;
    this.lastWarnedAt = now;
    this.logger?.warn(
      { err: error, what: this.what },
      'a dependency is unavailable (PostgreSQL, billing): jobs wait and are tried again when it is back',
    );
  }
}

/** The pause before the next try: 1, 2, 4 … 30 s by the job's starts, with jitter. */
export function outageDelayMs(job: Pick<Job, 'attemptsStarted'>): number {
  const exponent = Math.min(Math.max(job.attemptsStarted - 1, 0), 5);
  return Math.min(1000 * 2 ** exponent, OUTAGE_MAX_DELAY_MS) + Math.floor(Math.random() * 1000);
}

/**
 * Runs a job's processor; when it fails because a dependency is unavailable (by default
 * PostgreSQL; a caller may widen it, e.g. the dialer adds the billing) the job goes back to
 * delayed (BullMQ's DelayedError) instead of failing a try: an outage longer than the job's
 * attempts × backoff would otherwise fail it for good. Nothing is lost: the job runs again from
 * the start, so the processor must be idempotent.
 */
export function postponedWhileDatabaseDown<T, R>(
  notice: OutageNotice,
  processor: (job: Job<T>, token?: string) => Promise<R>,
  isUnavailable: (error: unknown) => boolean = isDatabaseUnavailable,
): (job: Job<T>, token?: string) => Promise<R> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      notice.warn(error);
      await job.moveToDelayed(Date.now() + outageDelayMs(job), token);
      throw new DelayedError();
    }
  };
}
