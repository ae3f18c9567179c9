import {
  CHANNEL_LABEL_RU,
  type ChannelId,
  TOPICS,
  type TopicId,
} from '../../../../../core/vocabulary/index.ts';

import type { ChatLine, ChatSummary } from '../../../../shared/chats.ts';

/** What the chats screen gets from `/api/chats`: the server's own declaration (agent-desktop/shared). */
export type { ChatAttachment, ChatLine, ChatSummary } from '../../../../shared/chats.ts';

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
