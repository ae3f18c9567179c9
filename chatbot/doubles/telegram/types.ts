/** The Bot API objects the double produces, in the shapes Telegram sends them. */

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private';
  first_name: string;
  last_name?: string;
  username?: string;
}

export interface TgEntity {
  type: string;
  offset: number;
  length: number;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

export interface TgMessage {
  message_id: number;
  from: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: TgEntity[];
  caption?: string;
  photo?: TgPhotoSize[];
  document?: TgDocument;
  reply_markup?: InlineKeyboardMarkup;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message: TgMessage;
  chat_instance: string;
  data: string;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: TgCallbackQuery;
}

/** What a test sees of a message the bot sent: the wire message plus what the wire result hides. */
export interface BotMessage {
  message_id: number;
  chat_id: number;
  date: number;
  /** As the bot sent it, markup included. */
  text?: string;
  /** What the user sees: `text` with HTML markup parsed away (equal to `text` otherwise). */
  plain_text?: string;
  caption?: string;
  parse_mode?: string;
  /** Any markup sent: an inline keyboard, a reply keyboard, remove_keyboard or force_reply. */
  reply_markup?: Record<string, unknown>;
  photo?: TgPhotoSize[];
  document?: TgDocument;
  /** How many times the bot edited it. */
  edits: number;
  deleted: boolean;
}

export function updateType(update: TgUpdate): string {
  if (update.message) return 'message';
  if (update.callback_query) return 'callback_query';
  return 'unknown';
}
