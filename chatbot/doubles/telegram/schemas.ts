import { z } from 'zod';
import { badRequest, chatNotFound, TelegramApiError } from './errors.ts';

/**
 * Request parameters arrive as JSON values (application/json) or strings (query, url-encoded and
 * multipart forms); Telegram accepts both, so every schema accepts both.
 */
const UNPARSEABLE = { unparseable: true } as const;

export const intLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
export const boolLike = z.union([
  z.boolean(),
  z
    .enum(['true', 'false', '1', '0', 'True', 'False'])
    .transform((v) => v.toLowerCase() === 'true' || v === '1'),
]);

export function jsonLike<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return UNPARSEABLE;
    }
  }, schema);
}

/** A private chat is addressed by its numeric id; "@username" only names channels, unknown here. */
export const chatId = z.union([z.number().int(), z.string()]).transform((value) => {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw chatNotFound();
  return Number(text);
});

export const parseMode = z.enum(['HTML', 'Markdown', 'MarkdownV2']);

export const messageText = z.string();

/** Messages in the specific words Telegram uses when a parameter is missing or malformed. */
const MISSING: Record<string, string> = {
  chat_id: 'chat_id is empty',
  text: 'message text is empty',
  message_id: 'message identifier is not specified',
  callback_query_id: 'query is too old and response timeout expired or query ID is invalid',
  file_id: 'invalid file_id',
  parse_mode: 'unsupported parse_mode',
  action: 'wrong parameter action in request',
};

export function parseParams<T extends z.ZodType>(schema: T, params: Record<string, unknown>): z.output<T> {
  try {
    const result = schema.safeParse(params);
    if (result.success) return result.data;
    const field = String(result.error.issues[0]?.path[0] ?? 'parameters');
    throw badRequest(MISSING[field] ?? `Parameter "${field}" is required`);
  } catch (error) {
    if (error instanceof TelegramApiError) throw error;
    throw badRequest(String(error));
  }
}

export const getUpdatesSchema = z.object({
  offset: intLike.optional(),
  limit: intLike.optional(),
  timeout: intLike.optional(),
  allowed_updates: jsonLike(z.array(z.string())).optional(),
});

export const setWebhookSchema = z.object({
  url: z.string(),
  secret_token: z.string().optional(),
  max_connections: intLike.optional(),
  allowed_updates: jsonLike(z.array(z.string())).optional(),
  drop_pending_updates: boolLike.optional(),
});

export const deleteWebhookSchema = z.object({ drop_pending_updates: boolLike.optional() });

export const sendMessageSchema = z.object({
  chat_id: chatId,
  text: messageText.optional(),
  parse_mode: parseMode.optional(),
  reply_markup: z.unknown().optional(),
});

export const editMessageTextSchema = z.object({
  chat_id: chatId,
  message_id: intLike,
  text: messageText.optional(),
  parse_mode: parseMode.optional(),
  reply_markup: z.unknown().optional(),
});

export const editMessageReplyMarkupSchema = z.object({
  chat_id: chatId,
  message_id: intLike,
  reply_markup: z.unknown().optional(),
});

export const deleteMessageSchema = z.object({ chat_id: chatId, message_id: intLike });

export const answerCallbackQuerySchema = z.object({
  callback_query_id: z.string().min(1),
  text: z.string().max(200).optional(),
  show_alert: boolLike.optional(),
  url: z.string().optional(),
  cache_time: intLike.optional(),
});

export const sendChatActionSchema = z.object({
  chat_id: chatId,
  action: z.enum([
    'typing',
    'upload_photo',
    'record_video',
    'upload_video',
    'record_voice',
    'upload_voice',
    'upload_document',
    'choose_sticker',
    'find_location',
    'record_video_note',
    'upload_video_note',
  ]),
});

export const getFileSchema = z.object({ file_id: z.string().min(1) });

export const sendMediaSchema = z.object({
  chat_id: chatId,
  caption: z.string().optional(),
  parse_mode: parseMode.optional(),
  reply_markup: z.unknown().optional(),
});

export const setMyCommandsSchema = z.object({
  commands: jsonLike(
    z.array(
      z.object({
        command: z.string().regex(/^[a-z0-9_]{1,32}$/),
        description: z.string().min(1).max(256),
      }),
    ),
  ),
  scope: z.unknown().optional(),
  language_code: z.string().optional(),
});
