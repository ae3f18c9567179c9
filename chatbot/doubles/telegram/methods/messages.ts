import { isDeepStrictEqual } from 'node:util';
import type { BotContext, MethodCall, MethodHandler } from '../context.ts';
import { badRequest, blockedByUser } from '../errors.ts';
import { visibleText } from '../html.ts';
import { validateReplyMarkup, wireMarkup } from '../markup.ts';
import {
  answerCallbackQuerySchema,
  deleteMessageSchema,
  editMessageReplyMarkupSchema,
  editMessageTextSchema,
  parseParams,
  sendChatActionSchema,
  sendMessageSchema,
} from '../schemas.ts';
import type { ChatRecord } from '../state.ts';
import type { BotMessage, TgMessage } from '../types.ts';

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/** The chat the bot writes to: known, not blocked. */
export function writableChat(ctx: BotContext, chatId: number): ChatRecord {
  const record = ctx.state.chatFor(chatId);
  if (record.blocked) throw blockedByUser();
  return record;
}

/** Returns the text the user will see; the 4096 limit applies to it, not to the markup. */
export function checkText(text: string | undefined, parseMode?: string): string {
  if (text === undefined || text.trim() === '') throw badRequest('message text is empty');
  const visible = visibleText(text, parseMode);
  if (visible.trim() === '') throw badRequest('message text is empty');
  if (visible.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  return visible;
}

/** Stores a message the bot sent and returns its wire form. */
export function recordBotMessage(
  ctx: BotContext,
  record: ChatRecord,
  content: Omit<BotMessage, 'message_id' | 'chat_id' | 'date' | 'edits' | 'deleted'>,
): TgMessage {
  const message: BotMessage = {
    message_id: record.nextMessageId++,
    chat_id: record.chat.id,
    date: ctx.state.unixNow(),
    edits: 0,
    deleted: false,
    ...content,
  };
  record.botMessages.set(message.message_id, message);
  const wire = toWire(ctx, record, message);
  record.wireMessages.set(message.message_id, wire);
  ctx.state.changed.notify();
  return wire;
}

function toWire(ctx: BotContext, record: ChatRecord, message: BotMessage): TgMessage {
  const inline = wireMarkup(message.reply_markup);
  return {
    message_id: message.message_id,
    from: ctx.botUser,
    chat: record.chat,
    date: message.date,
    ...(message.edits > 0 ? { edit_date: ctx.state.unixNow() } : {}),
    // Telegram returns the text with the markup already turned into entities.
    ...(message.plain_text !== undefined ? { text: message.plain_text } : {}),
    ...(message.caption !== undefined ? { caption: visibleText(message.caption, message.parse_mode) } : {}),
    ...(message.photo ? { photo: message.photo } : {}),
    ...(message.document ? { document: message.document } : {}),
    ...(inline ? { reply_markup: inline } : {}),
  };
}

function editableMessage(ctx: BotContext, chatId: number, messageId: number) {
  const record = ctx.state.chatFor(chatId);
  const message = record.botMessages.get(messageId);
  if (!message || message.deleted) {
    if (record.userMessages.has(messageId)) throw badRequest("message can't be edited");
    throw badRequest('message to edit not found');
  }
  return { record, message };
}

function applyEdit(ctx: BotContext, record: ChatRecord, message: BotMessage, change: Partial<BotMessage>) {
  const next = { ...message, ...change };
  if (next.text === message.text && isDeepStrictEqual(next.reply_markup, message.reply_markup)) {
    throw badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
  }
  next.edits = message.edits + 1;
  record.botMessages.set(message.message_id, next);
  const wire = toWire(ctx, record, next);
  record.wireMessages.set(message.message_id, wire);
  ctx.state.changed.notify();
  return wire;
}

export const sendMessage: MethodHandler = (ctx, { params }: MethodCall) => {
  const input = parseParams(sendMessageSchema, params);
  const record = writableChat(ctx, input.chat_id);
  const plainText = checkText(input.text, input.parse_mode);
  const replyMarkup = validateReplyMarkup(input.reply_markup);
  ctx.limits.admit(record.chat.id);
  return recordBotMessage(ctx, record, {
    text: input.text,
    plain_text: plainText,
    ...(input.parse_mode ? { parse_mode: input.parse_mode } : {}),
    ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
  });
};

export const editMessageText: MethodHandler = (ctx, { params }) => {
  const input = parseParams(editMessageTextSchema, params);
  const { record, message } = editableMessage(ctx, input.chat_id, input.message_id);
  if (message.text === undefined) throw badRequest('there is no text in the message to edit');
  const plainText = checkText(input.text, input.parse_mode);
  const replyMarkup = validateReplyMarkup(input.reply_markup);
  return applyEdit(ctx, record, message, {
    text: input.text,
    plain_text: plainText,
    parse_mode: input.parse_mode,
    // Without reply_markup an edit removes the inline keyboard, as in Telegram.
    reply_markup: replyMarkup,
  });
};

export const editMessageReplyMarkup: MethodHandler = (ctx, { params }) => {
  const input = parseParams(editMessageReplyMarkupSchema, params);
  const { record, message } = editableMessage(ctx, input.chat_id, input.message_id);
  const replyMarkup = validateReplyMarkup(input.reply_markup);
  if (replyMarkup && !('inline_keyboard' in replyMarkup)) throw badRequest('inline keyboard expected');
  return applyEdit(ctx, record, message, { reply_markup: replyMarkup });
};

export const deleteMessage: MethodHandler = (ctx, { params }) => {
  const input = parseParams(deleteMessageSchema, params);
  const record = ctx.state.chatFor(input.chat_id);
  const message = record.botMessages.get(input.message_id);
  if (message && !message.deleted) {
    record.botMessages.set(message.message_id, { ...message, deleted: true });
    ctx.state.changed.notify();
    return true;
  }
  if (record.userMessages.delete(input.message_id)) return true;
  throw badRequest('message to delete not found');
};

export const answerCallbackQuery: MethodHandler = (ctx, { params }) => {
  const input = parseParams(answerCallbackQuerySchema, params);
  const query = ctx.state.callbacks.get(input.callback_query_id);
  if (!query || query.answer) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  query.answer = {
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.show_alert !== undefined ? { show_alert: input.show_alert } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.cache_time !== undefined ? { cache_time: input.cache_time } : {}),
  };
  ctx.state.changed.notify();
  return true;
};

export const sendChatAction: MethodHandler = (ctx, { params }) => {
  const input = parseParams(sendChatActionSchema, params);
  const record = writableChat(ctx, input.chat_id);
  record.chatActions.push(input.action);
  ctx.state.changed.notify();
  return true;
};
