import type { Update } from 'telegraf/types';
import type { Attachment, Inbound, Reply } from '../../dialog/types.ts';

/** Longest message the Bot API accepts (characters of visible text). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * A Telegram update as the dialog sees it; undefined for what the bot does not serve (edits,
 * group joins, …). "/start" is a first contact with nothing asked yet.
 */
export function inboundFromUpdate(update: Update): Inbound | undefined {
  const eventId = String(update.update_id);
  if ('callback_query' in update) {
    const query = update.callback_query;
    const chat = query.message?.chat.id ?? query.from.id;
    const data = 'data' in query ? query.data : undefined;
    if (!data) return undefined;
    return { conversation: { channel: 'telegram', chatId: String(chat) }, eventId, choice: data };
  }
  if (!('message' in update)) return undefined;
  const message = update.message;
  if (message.chat.type !== 'private') return undefined;
  const conversation = { channel: 'telegram' as const, chatId: String(message.chat.id) };
  const attachments: Attachment[] = [];
  let text: string | undefined;
  if ('text' in message) text = message.text;
  if ('caption' in message) text = message.caption;
  if ('photo' in message) {
    const largest = message.photo.at(-1);
    if (largest) attachments.push({ kind: 'photo', ref: largest.file_id, sizeBytes: largest.file_size });
  }
  if ('document' in message) {
    attachments.push({
      kind: 'document',
      ref: message.document.file_id,
      fileName: message.document.file_name,
      mimeType: message.document.mime_type,
      sizeBytes: message.document.file_size,
    });
  }
  if (text === undefined && attachments.length === 0) return undefined;
  if (text && /^\/start(\s|$)/.test(text)) text = '';
  return { conversation, eventId, text, attachments: attachments.length ? attachments : undefined };
}

export function replyMarkup(reply: Reply) {
  if (!reply.buttons?.length) return undefined;
  return {
    inline_keyboard: reply.buttons.map((row) =>
      row.map((button) => ({ text: button.label, callback_data: button.data })),
    ),
  };
}
