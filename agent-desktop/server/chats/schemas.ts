import { z } from 'zod';
import { TOPIC_IDS } from '../../../core/vocabulary/index.ts';

/** What the chats screen sends and receives. */

/** The operator's message: the same limits the chatbot's relay enforces (`sendOperatorMessage`). */
export const operatorMessageSchema = z.object({
  text: z
    .string({ error: 'Введите текст сообщения' })
    .trim()
    .min(1, 'Введите текст сообщения')
    .max(4000, 'Сообщение длиннее 4000 символов: разделите его на части'),
});

/** A chat is an interaction of the ACD: its id is a UUID. */
export const chatIdSchema = z.uuid();

export const cannedQuerySchema = z.object({
  topic: z.enum(TOPIC_IDS, { error: 'Неизвестная тема' }).optional(),
  q: z.string().trim().max(200, 'Слишком длинный запрос').optional(),
});

export type Speaker = 'client' | 'bot' | 'operator';

export interface ChatAttachment {
  kind: string;
  ref: string;
  fileName?: string;
  mimeType?: string;
  /** Where the operator opens it, when the platform keeps a copy. */
  url?: string;
}

/** One line of a conversation as the operator sees it. */
export interface ChatLine {
  at: number;
  from: Speaker;
  text: string;
  attachments?: ChatAttachment[];
  agentId?: string;
}

/** One of the operator's accepted chats, as the list shows it. */
export interface ChatSummary {
  ix: string;
  channel: string;
  queue: string;
  state: 'connected' | 'wrap_up';
  topics: string[];
  enqueuedAt: number;
  answeredAt: number | null;
  /** R-ACD-5: the first answer is due 15 minutes of ЕКЦ time after arrival. */
  firstAnswerDue: number | null;
  firstAnsweredAt: number | null;
  /** Wrap-up ends by itself at this instant (null while the chat is on). */
  wrapUpEndsAt: number | null;
  unread: number;
  lines: number;
  lastAt: number | null;
}

export interface CannedAnswer {
  id: string;
  group: string;
  title: string;
  text: string;
}
