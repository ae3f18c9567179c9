import {
  CHANNEL_LABEL_RU,
  type ChannelId,
  TOPICS,
  type TopicId,
} from '../../../../../core/vocabulary/index.ts';

/** What the chats screen gets from `/api/chats` (agent-desktop/server/chats/schemas.ts). */
export interface ChatSummary {
  ix: string;
  channel: string;
  queue: string;
  state: 'connected' | 'wrap_up';
  topics: string[];
  enqueuedAt: number;
  answeredAt: number | null;
  firstAnswerDue: number | null;
  firstAnsweredAt: number | null;
  wrapUpEndsAt: number | null;
  unread: number;
  lines: number;
  lastAt: number | null;
}

export interface ChatAttachment {
  kind: string;
  ref: string;
  fileName?: string;
  mimeType?: string;
  url?: string;
}

export interface ChatLine {
  at: number;
  from: 'client' | 'bot' | 'operator';
  text: string;
  attachments?: ChatAttachment[];
}

export const SPEAKER_LABEL: Record<ChatLine['from'], string> = {
  client: 'Клиент',
  bot: 'Чат-бот',
  operator: 'Оператор',
};

export function channelLabel(channel: string): string {
  return CHANNEL_LABEL_RU[channel as ChannelId] ?? channel;
}

export function topicsLabel(topics: string[]): string {
  if (!topics.length) return 'Тема не определена';
  return topics.map((topic) => TOPICS[topic as TopicId]?.labelRu ?? topic).join(', ');
}

/** Five minutes before the 15-minute limit the clock turns amber. */
const FIRST_ANSWER_WARNING_MS = 5 * 60_000;

/**
 * R-ACD-5: the client must get the operator's first answer within 15 minutes of ЕКЦ time; the
 * clock counts down until the first answer (or shows it is overdue — also when the ACD said so).
 */
export function firstAnswerClock(
  chat: ChatSummary,
  now: number,
  overdue: boolean,
): { state: 'answered' | 'running' | 'overdue'; leftMs: number; tone: 'ok' | 'warn' | 'bad' } {
  if (chat.firstAnsweredAt !== null) return { state: 'answered', leftMs: 0, tone: 'ok' };
  const leftMs = chat.firstAnswerDue === null ? 0 : chat.firstAnswerDue - now;
  if (overdue || leftMs < 0) return { state: 'overdue', leftMs, tone: 'bad' };
  return { state: 'running', leftMs, tone: leftMs <= FIRST_ANSWER_WARNING_MS ? 'warn' : 'ok' };
}
