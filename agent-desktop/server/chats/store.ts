import type { Redis } from 'ioredis';
import type { ChatKeys } from '../../../chatbot/dialog/keys.ts';
import type { ChatAttachment, ChatLine, Speaker } from './schemas.ts';

/** Lines of the stream the transcript writer has not moved to PostgreSQL yet (normally a handful). */
const PENDING_SCAN = 5_000;

/**
 * The chats screen's Redis side: transcript lines still in the chatbot's stream, and how many of a
 * chat's client lines its operator has seen (the unread count survives a reload and a second tab).
 */
export class ChatStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly chat: ChatKeys,
  ) {}

  async pendingLines(ixIds: string[]): Promise<Map<string, ChatLine[]>> {
    const byChat = new Map<string, ChatLine[]>(ixIds.map((ix) => [ix, []]));
    if (ixIds.length === 0) return byChat;
    const entries = (await this.redis.xrange(this.chat.transcript, '-', '+', 'COUNT', PENDING_SCAN)) as [
      string,
      string[],
    ][];
    for (const [, fields] of entries) {
      const raw = fields[fields.indexOf('l') + 1];
      if (!raw) continue;
      for (const line of JSON.parse(raw) as Array<ChatLine & { interactionId: string }>) {
        const lines = byChat.get(line.interactionId);
        if (!lines) continue;
        lines.push({
          at: line.at,
          from: line.from as Speaker,
          text: line.text,
          ...(line.attachments ? { attachments: line.attachments as ChatAttachment[] } : {}),
          ...(line.agentId ? { agentId: line.agentId } : {}),
        });
      }
    }
    return byChat;
  }

  async readCounts(agentId: string, ixIds: string[]): Promise<Map<string, number>> {
    const counts = ixIds.length ? await this.redis.hmget(this.readKey(agentId), ...ixIds) : [];
    return new Map(ixIds.map((ix, i) => [ix, Number(counts[i] ?? 0)]));
  }

  async markRead(agentId: string, ix: string, clientLines: number): Promise<void> {
    const key = this.readKey(agentId);
    await this.redis
      .multi()
      .hset(key, ix, clientLines)
      .expire(key, 7 * 24 * 3600)
      .exec();
  }

  private readKey(agentId: string): string {
    return `${this.prefix}:desktop:chat-read:${agentId}`;
  }
}
