import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logging/logger.ts';
import type { DialogEngine } from './engine.ts';
import type { ChatKeys } from './keys.ts';
import { CHAT_CHANNELS, type ChatChannel } from './types.ts';

/**
 * Closes conversations the client left silent (CHATBOT_IDLE_MINUTES): the goodbye is sent and the
 * interaction finished, instead of waiting for a next message that may never come. A conversation
 * waiting for or talking with an operator is left alone and looked at again an idle time later.
 * Any number of instances may sweep: each close is a turn under the conversation's lock.
 */
export class IdleSweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  closed = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ChatKeys,
    private readonly engine: DialogEngine,
    private readonly logger: Logger,
    private readonly options: { idleMs: number; intervalMs: number; batch?: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweepOnce()
        .catch((error: Error) => this.logger.warn({ err: error }, 'idle sweep failed, will retry'))
        .finally(() => {
          this.sweeping = undefined;
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass over the conversations silent for the idle time; returns how many were closed. */
  async sweepOnce(): Promise<number> {
    const now = this.engine.deps.workingTime.clock.nowMs();
    const due = await this.redis.zrangebyscore(
      this.keys.active,
      '-inf',
      now - this.options.idleMs,
      'WITHSCORES',
      'LIMIT',
      0,
      this.options.batch ?? 200,
    );
    let closed = 0;
    for (let i = 0; i < due.length; i += 2) {
      const member = due[i]!;
      const since = Number(due[i + 1]);
      const split = member.indexOf(':');
      const channel = member.slice(0, split) as ChatChannel;
      if (!CHAT_CHANNELS.includes(channel)) {
        await this.redis.zrem(this.keys.active, member);
        continue;
      }
      const ref = { channel, chatId: member.slice(split + 1) };
      try {
        if (await this.engine.closeIdle(ref, since)) closed++;
        // Still open (waiting for an operator, or the client wrote meanwhile): look again later.
        else await this.redis.zadd(this.keys.active, 'XX', 'GT', now, member);
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'idle conversation could not be closed');
      }
    }
    this.closed += closed;
    return closed;
  }
}
