import type { ChainableCommander, Redis } from 'ioredis';
import type { ChatKeys } from '../../dialog/keys.ts';
import type { OutboundMessage } from '../../outbound/outbox.ts';

/** Messages kept per session for a widget that reconnects (a page reload, a lost network). */
const KEPT_PER_SESSION = 200;
const KEPT_FOR_S = 7 * 24 * 3600;

// Numbers the message, keeps it in the session's inbox and announces it to every instance.
const APPEND = `
local seq = redis.call('INCR', KEYS[1])
local frame = '{"type":"message","seq":' .. seq .. ',' .. ARGV[1]
redis.call('RPUSH', KEYS[2], frame)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\\n' .. frame)
return seq`;

/**
 * The web chat's "send" needs no network call: a reply becomes a numbered entry of the session's
 * inbox (Redis) inside the turn's own MULTI, and a pub/sub notice lets whichever instance holds
 * the session's WebSocket push it. A widget that was offline asks for what it missed (`resume`).
 */
export class WebDelivery {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ChatKeys,
  ) {
    // Sent once per connection, then by SHA (a reply is on every message).
    if (!(redis as Redis & { chatWebAppend?: unknown }).chatWebAppend)
      redis.defineCommand('chatWebAppend', { numberOfKeys: 2, lua: APPEND });
  }

  appendInto(multi: ChainableCommander, message: OutboundMessage): void {
    const session = message.chatId;
    // The frame's JSON after its opening brace and seq: {"type":"message","seq":N, + this.
    const rest = JSON.stringify({ text: message.reply.text, buttons: message.reply.buttons }).slice(1);
    (multi as ChainableCommander & { chatWebAppend(...args: (string | number)[]): void }).chatWebAppend(
      this.keys.webSeq(session),
      this.keys.webInbox(session),
      rest,
      KEPT_PER_SESSION,
      KEPT_FOR_S,
      this.keys.webLive,
      session,
    );
  }

  async deliver(message: OutboundMessage): Promise<void> {
    const multi = this.redis.multi();
    this.appendInto(multi, message);
    await multi.exec();
  }

  async since(session: string, after: number): Promise<string[]> {
    const all = await this.redis.lrange(this.keys.webInbox(session), 0, -1);
    return all.filter((json) => (JSON.parse(json) as { seq: number }).seq > after);
  }
}
