import { type ConnectionOptions, UnrecoverableError, Worker } from 'bullmq';
import { inTransaction, type Pool, type Queryable } from '../../db/pool.ts';
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
    const refused = (error as { result?: AppealSendResult }).result;
    // Gateways' own messages may quote the address: only the error's class reaches the log.
    options.logger.warn(
      { deliveryId, channel: delivery.channel, error: (error as Error).name },
      'appeal delivery: send failed',
    );
    result = refused ?? { ok: false, permanent: false, reason: TEMPORARY };
  }
  if (result.ok) {
    await inTransaction(pool, (tx) =>
      finishDelivery(tx, delivery, {
        status: 'sent',
        at: clock.now(),
        ref: result.ref ?? null,
        note: result.note ?? null,
      }),
    );
    return 'sent';
  }
  if (result.permanent || lastTry) {
    const reason = result.permanent
      ? result.reason
      : `${result.reason}: попытки исчерпаны (${delivery.attempts})`;
    await inTransaction(pool, (tx) =>
      finishDelivery(tx, delivery, { status: 'failed', at: clock.now(), reason }),
    );
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
        async (job) => {
          const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          const outcome = await deliverOnce(options, sender, job.data.deliveryId, lastTry);
          if (outcome === 'retry') throw new Error('appeal delivery: temporary failure');
          if (outcome === 'failed') throw new UnrecoverableError('appeal delivery failed');
          return outcome;
        },
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
