import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { ChatKeys } from '../dialog/keys.ts';
import type { ChatChannel, Reply } from '../dialog/types.ts';

/** One message waiting to be sent; `id` makes a retried send recognisable (VK random_id). */
export interface OutboundMessage {
  id: string;
  channel: ChatChannel;
  chatId: string;
  reply: Reply;
  /** Enqueued at (ms); for delivery-latency figures. */
  at: number;
}

export function outboundMessage(
  channel: ChatChannel,
  chatId: string,
  reply: Reply,
  at: number,
): OutboundMessage {
  return { id: randomUUID(), channel, chatId, reply, at };
}

/**
 * Durable outbound queue in Redis: a list per chat and, per channel, a sorted set of chats with
 * the instant each may be sent to next. Enqueueing joins the caller's MULTI, so a reply exists
 * exactly when the turn that produced it was committed.
 */
export class Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ChatKeys,
    private readonly clock: Clock,
    /** Channels whose "send" is itself a Redis write (web chat): done in the same MULTI, no queue. */
    private readonly direct: Partial<
      Record<ChatChannel, (multi: ChainableCommander, message: OutboundMessage) => void>
    > = {},
  ) {}

  enqueueInto(multi: ChainableCommander, message: OutboundMessage): void {
    const direct = this.direct[message.channel];
    if (direct) {
      direct(multi, message);
      return;
    }
    multi.rpush(this.keys.outboxQueue(message.channel, message.chatId), JSON.stringify(message));
    // NX: a chat already scheduled (or leased by a sender) keeps its later instant.
    multi.zadd(this.keys.outboxReady(message.channel), 'NX', this.clock.nowMs(), message.chatId);
  }

  async enqueue(message: OutboundMessage): Promise<void> {
    const multi = this.redis.multi();
    this.enqueueInto(multi, message);
    await multi.exec();
  }

  /** Messages not sent yet to one chat (tests, health). */
  async pending(channel: ChatChannel, chatId: string): Promise<OutboundMessage[]> {
    const raw = await this.redis.lrange(this.keys.outboxQueue(channel, chatId), 0, -1);
    return raw.map((item) => JSON.parse(item) as OutboundMessage);
  }

  async backlog(channel: ChatChannel): Promise<number> {
    return this.redis.zcard(this.keys.outboxReady(channel));
  }
}
