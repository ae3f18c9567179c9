import type { Redis } from 'ioredis';
import type { ChatKeys } from '../../../chatbot/dialog/keys.ts';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import { openRedis } from '../../../core/lifecycle/redis-connection.ts';
import type { AcdKeys } from '../acd/index.ts';
import type { LiveMessage } from '../live/audience.ts';
import type { LiveSource } from '../live/hub.ts';
import type { ChatAttachment } from './schemas.ts';

type Entries = [string, [string, string[]][]][];

function fieldsOf(raw: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) fields[raw[i]!] = raw[i + 1]!;
  return fields;
}

function parseAttachments(raw: string | undefined): ChatAttachment[] {
  try {
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as ChatAttachment[]) : [];
  } catch {
    return [];
  }
}

/** The last entry id of a stream ('0-0' when empty): reading starts right after it, nothing is skipped. */
async function lastId(redis: Redis, stream: string): Promise<string> {
  const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  return last?.[0] ?? '0-0';
}

/**
 * Chat traffic for the operators' screens, as it happens: the client's messages the chatbot writes
 * to `to-operator` (after the handoff), and the ACD's chat first-answer alerts (the ACD sends alerts
 * to supervisors; the operator whose chat it is must see it too). Every desktop process reads both
 * streams on a connection of its own; a message goes to the operator the ACD gave the chat to.
 */
export function chatLiveSource(options: {
  redisUrl: string;
  chat: ChatKeys;
  acd: AcdKeys;
  agentOf: (ix: string) => Promise<string | undefined>;
  /** Stamps the live line (the note carries no time; the transcript's own line has the chatbot's). */
  clock: Clock;
  blockMs?: number;
}): LiveSource {
  const { chat, acd } = options;
  return async function* (signal: AbortSignal): AsyncIterable<LiveMessage> {
    const redis = openRedis(options.redisUrl, { role: 'desktop-chat-source' });
    try {
      const after = {
        [chat.toOperator]: await lastId(redis, chat.toOperator),
        [acd.events]: await lastId(redis, acd.events),
      };
      while (!signal.aborted) {
        const reply = (await redis.xread(
          'COUNT',
          500,
          'BLOCK',
          options.blockMs ?? 500,
          'STREAMS',
          chat.toOperator,
          acd.events,
          after[chat.toOperator]!,
          after[acd.events]!,
        )) as Entries | null;
        for (const [stream, entries] of reply ?? []) {
          for (const [id, raw] of entries) {
            after[stream] = id;
            const item = await toLiveMessage(
              stream === chat.toOperator,
              options.clock.nowMs(),
              fieldsOf(raw),
              options.agentOf,
            );
            if (item) yield item;
          }
        }
      }
    } finally {
      redis.disconnect();
    }
  };
}

async function toLiveMessage(
  fromChatbot: boolean,
  at: number,
  fields: Record<string, string>,
  agentOf: (ix: string) => Promise<string | undefined>,
): Promise<LiveMessage | undefined> {
  const ix = fields.ix;
  if (!ix) return undefined;
  if (fromChatbot && fields.type === 'client_message') {
    const agent = await agentOf(ix);
    if (!agent) return undefined; // still waiting: the operator who accepts reads it in the history
    const attachments = parseAttachments(fields.attachments);
    return {
      audience: { agentIds: [agent] },
      message: {
        type: 'chat.message',
        ix,
        line: {
          at,
          from: 'client',
          text: fields.text ?? '',
          ...(attachments.length ? { attachments } : {}),
        },
      },
    };
  }
  if (!fromChatbot && fields.type === 'alert' && fields.kind === 'chat_first_answer_overdue') {
    const agent = await agentOf(ix);
    if (!agent) return undefined;
    return { audience: { agentIds: [agent] }, message: { type: 'chat.overdue', ix } };
  }
  return undefined;
}
