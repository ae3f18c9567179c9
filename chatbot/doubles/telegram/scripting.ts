import { randomBytes } from 'node:crypto';
import type { BotContext } from './context.ts';
import { documentOf, extensionOf, newCallbackQueryId, photoSizes } from './methods/files.ts';
import type { CallbackRecord } from './state.ts';
import type { BotMessage, TgEntity, TgMessage, TgUpdate, TgUser } from './types.ts';

/** What a simulated user can send: text, a photo or a document (with an optional caption). */
export type UserInput =
  | string
  | {
      text?: string;
      caption?: string;
      photo?: { bytes?: Buffer; width?: number; height?: number };
      document?: { bytes: Buffer; fileName: string; mimeType?: string };
    };

/** Telegram marks "/command" and "/command@bot" anywhere in the text as bot_command entities. */
export function commandEntities(text: string): TgEntity[] {
  const entities: TgEntity[] = [];
  for (const match of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s)/g)) {
    const command = match[2] ?? '';
    entities.push({
      type: 'bot_command',
      offset: (match.index ?? 0) + (match[1]?.length ?? 0),
      length: command.length,
    });
  }
  return entities;
}

/** The user side of the chat: produces updates exactly as Telegram would for these actions. */
export class TelegramUsers {
  constructor(private readonly ctx: BotContext) {}

  sends(chatId: number, input: UserInput, profile: Partial<TgUser> = {}): TgUpdate {
    const { state } = this.ctx;
    const record = state.ensureChat(chatId, profile);
    record.blocked = false; // writing again restarts a bot the user had blocked
    const content = typeof input === 'string' ? { text: input } : input;
    const message: TgMessage = {
      message_id: record.nextMessageId++,
      from: record.user,
      chat: record.chat,
      date: state.unixNow(),
    };
    if (content.photo) {
      message.photo = photoSizes(
        state,
        content.photo.bytes ?? randomBytes(2048),
        content.photo.width,
        content.photo.height,
      );
    } else if (content.document) {
      const file = state.storeFile(
        content.document.bytes,
        'documents',
        extensionOf(content.document.fileName),
        {
          file_name: content.document.fileName,
          mime_type: content.document.mimeType ?? 'application/octet-stream',
        },
      );
      message.document = documentOf(file);
    } else {
      const text = content.text ?? '';
      if (text === '') throw new Error('a Telegram user cannot send an empty message');
      message.text = text;
      const entities = commandEntities(text);
      if (entities.length > 0) message.entities = entities;
    }
    if (content.caption !== undefined && !message.text) message.caption = content.caption;
    record.userMessages.set(message.message_id, message);
    return state.queueUpdate({ message }).update;
  }

  /** Presses an inline button; fails like a real client would if the button is not on screen. */
  presses(chatId: number, messageId: number, callbackData: string): TgUpdate {
    const { state } = this.ctx;
    const record = state.chats.get(chatId);
    const message = record?.wireMessages.get(messageId);
    const current = record?.botMessages.get(messageId);
    if (!record || !message || !current || current.deleted) {
      throw new Error(`chat ${chatId} has no bot message ${messageId} to press a button on`);
    }
    const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((button) => button.callback_data === callbackData)) {
      throw new Error(
        `message ${messageId} has no inline button with callback_data ${JSON.stringify(callbackData)}`,
      );
    }
    const query: CallbackRecord = {
      id: newCallbackQueryId(),
      chatId,
      messageId,
      data: callbackData,
      createdMs: state.clock.nowMs(),
    };
    state.callbacks.set(query.id, query);
    return state.queueUpdate({
      callback_query: {
        id: query.id,
        from: record.user,
        message,
        chat_instance: String(BigInt(chatId) * 7919n),
        data: callbackData,
      },
    }).update;
  }

  messagesTo(chatId: number): BotMessage[] {
    const record = this.ctx.state.chats.get(chatId);
    return [...(record?.botMessages.values() ?? [])].filter((message) => !message.deleted);
  }

  waitForMessage(
    chatId: number,
    predicate: (message: BotMessage) => boolean,
    timeoutMs: number,
  ): Promise<BotMessage> {
    return this.ctx.state.changed.waitFor(
      () => this.messagesTo(chatId).find(predicate),
      timeoutMs,
      `a bot message to chat ${chatId}`,
    );
  }

  waitForCallbackAnswer(queryId: string, timeoutMs: number): Promise<NonNullable<CallbackRecord['answer']>> {
    return this.ctx.state.changed.waitFor(
      () => this.ctx.state.callbacks.get(queryId)?.answer,
      timeoutMs,
      `an answer to callback query ${queryId}`,
    );
  }
}
