import { type ConnectionOptions, DelayedError, type Job, Worker } from 'bullmq';
import { BillingError } from '../../core/billing/index.ts';
import { isDatabaseUnavailable } from '../../core/db/index.ts';
import { OutageNotice, outageDelayMs, postponedWhileDatabaseDown } from '../../core/jobs/outage.ts';
import { realDelayMs } from '../../core/lifecycle/clock.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { DialerDeps } from '../services/deps.ts';
import { processContacts } from '../services/dispatch.ts';
import { type BatchLimits, DispatchBatcher } from './batcher.ts';
import { type ContactJobData, channelQueueName } from './queues.ts';

export interface ChannelLimits {
  /** Jobs at once: trunk lines for calls, SMPP window for SMS. */
  concurrency: number;
  /** Rate limit: at most `max` jobs per `durationMs` (gateway throughput). */
  max: number;
  durationMs: number;
}

/**
 * Calls are not batched: a batch completes when its slowest send does, and a call holds a trunk
 * line for minutes — a short call must free its line at once. The other channels answer in
 * milliseconds and gain from few round trips per batch.
 */
export const DEFAULT_BATCHES: Readonly<Record<OutboundChannel, BatchLimits>> = {
  phone: { maxBatch: 1, parallel: Number.POSITIVE_INFINITY },
  sms: { maxBatch: 100, parallel: 2 },
  email: { maxBatch: 100, parallel: 2 },
  push: { maxBatch: 100, parallel: 2 },
  online_account: { maxBatch: 100, parallel: 2 },
};

export const DEFAULT_LIMITS: Readonly<Record<OutboundChannel, ChannelLimits>> = {
  phone: { concurrency: 30, max: 30, durationMs: 1000 },
  sms: { concurrency: 20, max: 100, durationMs: 1000 },
  email: { concurrency: 10, max: 50, durationMs: 1000 },
  // Notices are rows in PostgreSQL: many jobs at once only make the batches bigger.
  push: { concurrency: 200, max: 500, durationMs: 1000 },
  online_account: { concurrency: 200, max: 500, durationMs: 1000 },
};

/**
 * What a contact job waits out instead of spending a try on: PostgreSQL away, or the billing
 * unreachable (gRPC UNAVAILABLE, DEADLINE_EXCEEDED… — the client's `unavailable` kind). The goal
 * check asks the billing before every claim, so nothing was sent when it fails: five tries of
 * a few seconds would otherwise fail the job for good during a billing restart.
 */
export function isDispatchDependencyDown(error: unknown): boolean {
  if (error instanceof BillingError) return error.kind === 'unavailable';
  return isDatabaseUnavailable(error);
}

/**
 * A contact job's processor: dispatch, and when the contact must wait (window, spacing, a job
 * promoted early) the job moves back to delayed until that instant on the dialer's clock.
 */
export function contactProcessor(deps: DialerDeps, batcher: DispatchBatcher) {
  return async (job: Job<ContactJobData>, token?: string) => {
    const result = await batcher.submit({ contactId: job.data.contactId, seq: job.data.seq });
    if (result.kind === 'retry') {
      // PostgreSQL went away around the send, nothing left: the same job tries again later.
      await job.moveToDelayed(Date.now() + outageDelayMs(job), token);
      throw new DelayedError();
    }
    if (result.kind === 'delay') {
      const waitMs = realDelayMs(deps.clock, result.until.getTime() - deps.clock.nowMs());
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
    return result.what;
  };
}

export function startChannelWorkers(
  deps: DialerDeps,
  options: {
    connection: ConnectionOptions;
    prefix: string;
    channels: readonly OutboundChannel[];
    limits?: Partial<Record<OutboundChannel, Partial<ChannelLimits>>>;
    batches?: Partial<Record<OutboundChannel, Partial<BatchLimits>>>;
    lockDurationMs?: number;
    stalledIntervalMs?: number;
  },
): Worker<ContactJobData>[] {
  return options.channels.map((channel) => {
    const limits = { ...DEFAULT_LIMITS[channel], ...options.limits?.[channel] };
    const batcher = new DispatchBatcher((jobs) => processContacts(deps, jobs), {
      ...DEFAULT_BATCHES[channel],
      ...options.batches?.[channel],
    });
    const outage = new OutageNotice(`dialer-${channel}`, deps.logger);
    const processor = postponedWhileDatabaseDown(
      outage,
      contactProcessor(deps, batcher),
      isDispatchDependencyDown,
    );
    const worker = new Worker<ContactJobData>(channelQueueName(channel), processor, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: limits.concurrency,
      limiter: { max: limits.max, duration: limits.durationMs },
      // A call lasts up to 5 minutes: the lock is renewed while the job runs.
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    worker.on('failed', (job, error) =>
      deps.logger?.error({ err: error, jobId: job?.id, channel }, 'dialer job failed'),
    );
    return worker;
  });
}
