import { type ConnectionOptions, Queue } from 'bullmq';
import { DELIVERY_CHANNELS, type DeliveryChannel } from './model.ts';

export const appealDeliveryQueueName = (channel: DeliveryChannel) => `appeal-delivery-${channel}`;

export interface AppealDeliveryJob {
  deliveryId: number;
}

/** One job per delivery and round: the same delivery queued twice in a round is one job. */
export const appealDeliveryJobId = (deliveryId: number, round: number) => `d${deliveryId}r${round}`;

export interface AppealDeliveryRetryPolicy {
  /** Tries per round before the delivery is failed (the operator may start another round). */
  attempts: number;
  /** First backoff; doubles each try. */
  backoffMs: number;
}

export const DEFAULT_DELIVERY_RETRY: AppealDeliveryRetryPolicy = { attempts: 5, backoffMs: 30_000 };

/** Per-channel queues: a channel whose gateway no service runs keeps its jobs waiting. */
export class AppealDeliveryQueue {
  private readonly queues = new Map<DeliveryChannel, Queue<AppealDeliveryJob>>();

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly prefix: string,
    private readonly retry: AppealDeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY,
  ) {}

  private queue(channel: DeliveryChannel): Queue<AppealDeliveryJob> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = new Queue(appealDeliveryQueueName(channel), {
        connection: this.connection,
        prefix: this.prefix,
      });
      this.queues.set(channel, queue);
    }
    return queue;
  }

  async enqueue(deliveries: ReadonlyArray<{ id: number; channel: string; round: number }>): Promise<void> {
    for (const delivery of deliveries) {
      if (!(DELIVERY_CHANNELS as readonly string[]).includes(delivery.channel)) continue;
      await this.queue(delivery.channel as DeliveryChannel).add(
        'deliver',
        { deliveryId: delivery.id },
        {
          jobId: appealDeliveryJobId(delivery.id, delivery.round),
          attempts: this.retry.attempts,
          backoff: { type: 'exponential', delay: this.retry.backoffMs },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
