import { type ConnectionOptions, type Job, UnrecoverableError, Worker } from 'bullmq';
import { isDatabaseUnavailable, retryWhileUnavailable } from '../../db/availability.ts';
import { inTransaction, type Pool, type Queryable } from '../../db/pool.ts';
import { OutageNotice, postponedWhileDatabaseDown } from '../../jobs/outage.ts';
import type { Clock } from '../../lifecycle/clock.ts';
import type { Logger } from '../../logging/logger.ts';
import {
  type ClaimedDelivery,
  claimDelivery,
  finishDelivery,
  listQueued,
  requeueAfterFailure,
} from './db.ts';
import type { DeliveryChannel } from './model.ts';
import { type AppealDeliveryJob, AppealDeliveryQueue, appealDeliveryQueueName } from './queue.ts';

/** What a sender reports; `reason` is Russian, shown to the operator, and holds no personal data. */
export type AppealSendResult =
  | { ok: true; ref?: string; note?: string }
  | { ok: false; permanent: boolean; reason: string };

export interface AppealSender {
  readonly channel: DeliveryChannel;
  /**
   * Senders whose "send" is a database write (online-account notices) run in the transaction
   * that records the result: written exactly once.
   */
  readonly inTransaction?: boolean;
  send(delivery: ClaimedDelivery, db: Queryable): Promise<AppealSendResult>;
}

export interface AppealDeliveryWorkerOptions {
  pool: Pool;
  clock: Clock;
  logger: Logger;
  connection: ConnectionOptions;
  prefix: string;
  senders: readonly AppealSender[];
  /** How often deliveries left queued (a crash between commit and enqueue) are queued again. */
  sweepEveryMs?: number;
}

const TEMPORARY = 'Канал временно недоступен, отправка будет повторена';

/**
 * How long the result of a send that already reached the gateway is retried while PostgreSQL is
 * away: unwritten, the delivery would stay `sending` and its next try would send it again.
 */
export const RESULT_WRITE_PATIENCE_MS = 5 * 60_000;

/**
 * Writes a send's result once: a statement whose commit was not seen (PostgreSQL went away) runs
 * again, and finds the delivery no longer `sending` if it had committed.
 */
async function recordResult(
  pool: Pool,
  delivery: ClaimedDelivery,
  result: Parameters<typeof finishDelivery>[2],
): Promise<void> {
  await retryWhileUnavailable(
    () =>
      inTransaction(pool, async (tx) => {
        const { rows } = await tx.query('select status from appeal_deliveries where id = $1 for update', [
          delivery.id,
        ]);
        if (rows[0]?.status === 'sending') await finishDelivery(tx, delivery, result);
      }),
    { maxWaitMs: RESULT_WRITE_PATIENCE_MS },
  );
}

/**
 * One try of one delivery. A delivery already sent, failed or turned into a task is not taken,
 * so a job run twice sends once. Temporary trouble throws (BullMQ tries again with backoff)
 * until the last try, which fails the delivery with the reason the operator sees.
 */
export async function deliverOnce(
  options: Pick<AppealDeliveryWorkerOptions, 'pool' | 'clock' | 'logger'>,
  sender: AppealSender,
  deliveryId: number,
  lastTry: boolean,
): Promise<'sent' | 'failed' | 'retry' | 'not_pending'> {
  const { pool, clock } = options;
  const delivery = await claimDelivery(pool, deliveryId, clock.now());
  if (!delivery) return 'not_pending';
  let result: AppealSendResult;
  try {
    if (sender.inTransaction) {
      return await inTransaction(pool, async (tx) => {
        const written = await sender.send(delivery, tx);
        if (!written.ok) throw Object.assign(new Error('notice refused'), { result: written });
        await finishDelivery(tx, delivery, {
          status: 'sent',
          at: clock.now(),
          ref: written.ref ?? null,
          note: written.note ?? null,
        });
        return 'sent' as const;
      });
    }
    result = await sender.send(delivery, pool);
  } catch (error) {
    // The senders touch PostgreSQL only before anything reaches the client (the notice row, or
    // the online-account copy of a long SMS answer): nothing went out, the job waits for the
    // database instead of spending a try (see startAppealDeliveryWorkers).
    if (isDatabaseUnavailable(error)) throw error;
    const refused = (error as { result?: AppealSendResult }).result;
    // Gateways' own messages may quote the address: only the error's class reaches the log.
    options.logger.warn(
      { deliveryId, channel: delivery.channel, error: (error as Error).name },
      'appeal delivery: send failed',
    );
    result = refused ?? { ok: false, permanent: false, reason: TEMPORARY };
  }
  if (result.ok) {
    await recordResult(pool, delivery, {
      status: 'sent',
      at: clock.now(),
      ref: result.ref ?? null,
      note: result.note ?? null,
    });
    return 'sent';
  }
  if (result.permanent || lastTry) {
    const reason = result.permanent
      ? result.reason
      : `${result.reason}: попытки исчерпаны (${delivery.attempts})`;
    await recordResult(pool, delivery, { status: 'failed', at: clock.now(), reason });
    return 'failed';
  }
  await requeueAfterFailure(pool, delivery.id, clock.now(), result.reason);
  return 'retry';
}

/** Workers for the channels this service has senders for, and the sweeper of stranded deliveries. */
export function startAppealDeliveryWorkers(options: AppealDeliveryWorkerOptions): { close(): Promise<void> } {
  const workers = options.senders.map(
    (sender) =>
      new Worker<AppealDeliveryJob>(
        appealDeliveryQueueName(sender.channel),
        // An outage is not a try: a job whose database work failed goes back to delayed, its
        // tries (5 ≈ 7.5 min of backoff) are kept for the channel's own trouble.
        postponedWhileDatabaseDown(
          new OutageNotice(appealDeliveryQueueName(sender.channel), options.logger),
          async (job: Job<AppealDeliveryJob>) => {
            const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
            const outcome = await deliverOnce(options, sender, job.data.deliveryId, lastTry);
            if (outcome === 'retry') throw new Error('appeal delivery: temporary failure');
            if (outcome === 'failed') throw new UnrecoverableError('appeal delivery failed');
            return outcome;
          },
        ),
        { connection: options.connection, prefix: options.prefix, concurrency: 4 },
      ),
  );
  for (const worker of workers)
    worker.on('error', (error) => options.logger.warn({ err: error }, 'appeal delivery worker'));
  const queue = new AppealDeliveryQueue(options.connection, options.prefix);
  const everyMs = options.sweepEveryMs ?? 60_000;
  const channels = options.senders.map((sender) => sender.channel);
  const sweep = async () => {
    const before = new Date(options.clock.now().getTime() - everyMs);
    // Jobs still waiting or backing off keep their id: adding them again adds nothing.
    await queue.enqueue(await listQueued(options.pool, { before, channels }));
  };
  const timer = setInterval(() => {
    sweep().catch((error) => options.logger.warn({ err: error }, 'appeal delivery sweep failed'));
  }, everyMs);
  timer.unref();
  void sweep().catch((error) => options.logger.warn({ err: error }, 'appeal delivery sweep failed'));
  return {
    async close() {
      clearInterval(timer);
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
    },
  };
}
