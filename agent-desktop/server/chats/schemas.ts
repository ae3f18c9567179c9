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

/** A client's file in a chat: a positive row id (anything else names no file). */
export const attachmentIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A refused chat request answers with its first problem: one field at a time on a small form. */
export function describeFirstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Некорректный запрос';
}

export const cannedQuerySchema = z.object({
  topic: z.enum(TOPIC_IDS, { error: 'Неизвестная тема' }).optional(),
  q: z.string().trim().max(200, 'Слишком длинный запрос').optional(),
});

export type {
  CannedAnswer,
  ChatAttachment,
  ChatLine,
  ChatSummary,
  ReviewChat,
  ReviewTranscript,
  Speaker,
} from '../../shared/chats.ts';

/** Which chats a supervisor lists: those started in the last `hours`, optionally only the open ones. */
export const reviewQuerySchema = z.object({
  hours: z.coerce
    .number({ error: 'Период — число часов' })
    .int('Период — целое число часов')
    .min(1, 'Период — от 1 до 168 часов')
    .max(168, 'Период — от 1 до 168 часов')
    .default(24),
  active: z.enum(['true', 'false'], { error: 'active: true или false' }).optional(),
});
