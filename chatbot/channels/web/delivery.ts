import type { Redis } from 'ioredis';
import type { ChatKeys } from '../../dialog/keys.ts';
import type { OutboundMessage } from '../../outbound/outbox.ts';
import type { ServerFrame } from './protocol.ts';

/** Messages kept per session for a widget that reconnects (a page reload, a lost network). */
const KEPT_PER_SESSION = 200;
const KEPT_FOR_S = 7 * 24 * 3600;

/**
 * The web chat's "send": a numbered entry in the session's inbox (Redis) and a notice on a
 * pub/sub channel; whichever instance holds the session's WebSocket pushes it. A widget that was
 * offline asks for what it missed with `resume`.
 */
export class WebDelivery {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ChatKeys,
  ) {}

  deliver = async (message: OutboundMessage): Promise<void> => {
    const session = message.chatId;
    const seq = await this.redis.incr(this.keys.webSeq(session));
    const frame: ServerFrame = {
      type: 'message',
      seq,
      text: message.reply.text,
      buttons: message.reply.buttons,
    };
    const json = JSON.stringify(frame);
    await this.redis
      .multi()
      .rpush(this.keys.webInbox(session), json)
      .ltrim(this.keys.webInbox(session), -KEPT_PER_SESSION, -1)
      .expire(this.keys.webInbox(session), KEPT_FOR_S)
      .expire(this.keys.webSeq(session), KEPT_FOR_S)
      .publish(this.keys.webLive, JSON.stringify({ session, frame: json }))
      .exec();
  };

  async since(session: string, after: number): Promise<string[]> {
    const all = await this.redis.lrange(this.keys.webInbox(session), 0, -1);
    return all.filter((json) => (JSON.parse(json) as { seq: number }).seq > after);
  }
}
