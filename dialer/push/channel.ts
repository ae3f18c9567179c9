import type { Queue } from 'bullmq';
import type { Queryable } from '../../core/db/index.ts';
import type { ChannelSender, SendOutcome, SendRequest } from '../channels/channel.ts';
import { NoticeChannel } from '../channels/notices.ts';
import { idempotencyKeyOf } from './contract.ts';
import type { PushJobData } from './delivery.ts';

/**
 * Push through the retailer's push gateway (PUSH_WEBHOOK_URL). The notice is still stored for
 * the online account (the client sees it there too, as without a gateway); the POST itself is a
 * job of its own queue, keyed by the attempt, so a 5xx or 429 is retried with backoff without
 * claiming the attempt again. The result comes later, with the gateway's receipt.
 */
export class PushWebhookChannel implements ChannelSender {
  readonly channel = 'push' as const;
  private readonly notices: NoticeChannel;

  constructor(
    db: Queryable,
    now: () => Date,
    private readonly queue: Queue<PushJobData>,
  ) {
    this.notices = new NoticeChannel('push', db, now);
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    await this.notices.send(request);
    const key = idempotencyKeyOf(request.attemptId);
    // The job id is the idempotency key: queuing the same attempt twice adds nothing.
    await this.queue.add('push', { attemptId: request.attemptId }, { jobId: key });
    return { kind: 'accepted', gatewayIds: [`push:${key}`] };
  }
}
