import type { Redis } from 'ioredis';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { ChatKeys } from '../dialog/keys.ts';
import type { ChatChannel } from '../dialog/types.ts';
import type { OutboundMessage } from './outbox.ts';

/** What a channel adapter throws when a send did not go through. */
export class SendFailure extends Error {
  constructor(
    /** `retry`: 5xx, timeout, 429 (try again later); `permanent`: blocked bot, bad request. */
    readonly kind: 'retry' | 'permanent',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export type Deliver = (message: OutboundMessage) => Promise<void>;

export interface SenderLimits {
  /** Minimum gap between two messages to one chat (Telegram: 1 s). */
  perChatIntervalMs: number;
  /** Messages a second over the whole channel, shared by every instance (Telegram: 30). */
  globalPerSecond: number;
  /** A claimed chat is not claimed again for this long (a crashed sender's chats come back). */
  leaseMs?: number;
  /** Backoff of a retried send: base × 2^(attempt-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pollMs?: number;
}

// Claims due chats within the channel's budget over a sliding window (the Bot API counts any
// second, not calendar seconds); empty chats leave the schedule.
const CLAIM = `
local ready, rate = KEYS[1], KEYS[2]
local now, lease, budget, qprefix, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', rate, '-inf', now - window)
local room = budget - redis.call('ZCARD', rate)
if room <= 0 then return {} end
local chats = redis.call('ZRANGEBYSCORE', ready, '-inf', now, 'LIMIT', 0, room)
local claimed = {}
for _, chat in ipairs(chats) do
  if redis.call('LLEN', qprefix .. chat) == 0 then
    redis.call('ZREM', ready, chat)
  else
    redis.call('ZADD', ready, 'XX', now + lease, chat)
    -- Reserved until the send completes; then dated by its completion (see settle).
    redis.call('ZADD', rate, now + lease, now .. ':' .. chat)
    claimed[#claimed + 1] = chat
  end
end
redis.call('PEXPIRE', rate, lease + window * 2)
return claimed`;

/**
 * A send counts in the budget from its claim until a second after its answer came back: the
 * answer comes after the request reached the API, so the API never sees more than the budget in
 * any second, however late a request arrives. A little margin on top.
 */
const RATE_WINDOW_MS = 1050;

// The head message is done (sent or dead-lettered): drop it only if it is still the head.
const DONE = `
local q, ready, dead = KEYS[1], KEYS[2], KEYS[3]
local head = redis.call('LINDEX', q, 0)
if head and string.find(head, ARGV[1], 1, true) then
  redis.call('LPOP', q)
  if ARGV[4] == '1' then redis.call('RPUSH', dead, head) end
end
redis.call('ZADD', ready, 'XX', tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[5])
return 1`;

/**
 * Sends one channel's outbound queue: at most one message in flight per chat (order kept), the
 * per-chat gap and the channel's per-second budget respected, failures retried with backoff
 * (429's retry_after first), permanent failures kept in a dead-letter list. Any number of
 * instances may run; a chat is leased to one of them at a time.
 */
export class OutboxSender {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly attempts = new Map<string, number>();
  private wakeUp: (() => void) | undefined;
  sent = 0;
  retried = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ChatKeys,
    private readonly channel: ChatChannel,
    private readonly deliver: Deliver,
    private readonly limits: SenderLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.tick();
      } catch (error) {
        this.logger.warn({ err: error, channel: this.channel }, 'outbound queue: a pass failed');
      }
      if (claimed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.limits.pollMs ?? 20);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    }
  }

  /** Something was just enqueued by this process: look now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** One pass: claim due chats and send each one's head message. Returns how many were claimed. */
  async tick(): Promise<number> {
    const now = this.clock.nowMs();
    const chats = (await this.redis.eval(
      CLAIM,
      2,
      this.keys.outboxReady(this.channel),
      this.keys.outboxRate(this.channel),
      now,
      this.limits.leaseMs ?? 30_000,
      this.limits.globalPerSecond,
      this.keys.outboxQueue(this.channel, ''),
      RATE_WINDOW_MS,
    )) as string[];
    await Promise.all(chats.map((chatId) => this.sendHead(chatId, `${now}:${chatId}`)));
    return chats.length;
  }

  private async sendHead(chatId: string, rateEntry: string): Promise<void> {
    const queue = this.keys.outboxQueue(this.channel, chatId);
    const head = await this.redis.lindex(queue, 0);
    if (!head) return this.settle(rateEntry);
    const message = JSON.parse(head) as OutboundMessage;
    try {
      await this.deliver(message).finally(() => this.settle(rateEntry));
      this.attempts.delete(message.id);
      this.sent++;
      await this.finish(queue, chatId, message.id, this.limits.perChatIntervalMs, false);
    } catch (error) {
      const failure =
        error instanceof SendFailure
          ? error
          : new SendFailure('retry', (error as Error).message ?? String(error));
      if (failure.kind === 'permanent') {
        this.logger.warn(
          { channel: this.channel, messageId: message.id, reason: failure.message },
          'outbound message cannot be delivered; kept in the dead-letter list',
        );
        this.attempts.delete(message.id);
        await this.finish(queue, chatId, message.id, this.limits.perChatIntervalMs, true);
        return;
      }
      const attempt = (this.attempts.get(message.id) ?? 0) + 1;
      this.attempts.set(message.id, attempt);
      const base = this.limits.backoffBaseMs ?? 1_000;
      const backoff = Math.min(base * 2 ** (attempt - 1), this.limits.backoffMaxMs ?? 60_000);
      const wait = Math.max(failure.retryAfterMs ?? 0, failure.retryAfterMs ? 0 : backoff);
      this.retried++;
      this.logger.warn(
        { channel: this.channel, messageId: message.id, attempt, retryInMs: wait, reason: failure.message },
        'outbound message will be retried',
      );
      await this.redis.zadd(this.keys.outboxReady(this.channel), 'XX', this.clock.nowMs() + wait, chatId);
    }
  }

  /** Dates the send's budget entry by its completion (it was reserved at the claim). */
  private async settle(rateEntry: string): Promise<void> {
    // Never fails the send: a lost update only keeps the slot reserved until the lease ends.
    await this.redis
      .zadd(this.keys.outboxRate(this.channel), 'XX', this.clock.nowMs(), rateEntry)
      .catch(() => undefined);
  }

  private async finish(queue: string, chatId: string, id: string, gapMs: number, dead: boolean) {
    await this.redis.eval(
      DONE,
      3,
      queue,
      this.keys.outboxReady(this.channel),
      `${this.keys.base}ob:dead:${this.channel}`,
      `"id":"${id}"`,
      this.clock.nowMs(),
      gapMs,
      dead ? '1' : '0',
      chatId,
    );
  }
}
