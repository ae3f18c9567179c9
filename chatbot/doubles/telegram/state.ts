import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import { ChangeSignal } from '../common/waiters.ts';
import { chatNotFound } from './errors.ts';
import {
  type BotMessage,
  type TgChat,
  type TgMessage,
  type TgUpdate,
  type TgUser,
  updateType,
} from './types.ts';

export interface ChatRecord {
  chat: TgChat;
  user: TgUser;
  /** In a private chat user and bot messages share one message_id sequence. */
  nextMessageId: number;
  userMessages: Map<number, TgMessage>;
  botMessages: Map<number, BotMessage>;
  /** The bot's messages as Telegram serialises them (what a callback_query carries). */
  wireMessages: Map<number, TgMessage>;
  blocked: boolean;
  chatActions: string[];
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Buffer;
  file_name?: string;
  mime_type?: string;
}

export interface CallbackRecord {
  id: string;
  chatId: number;
  messageId: number;
  data: string;
  createdMs: number;
  answer?: { text?: string; show_alert?: boolean; url?: string; cache_time?: number };
}

/** Everything the Bot API remembers for one bot: chats, updates not yet confirmed, files, queries. */
export class BotState {
  readonly chats = new Map<number, ChatRecord>();
  readonly files = new Map<string, StoredFile>();
  readonly callbacks = new Map<string, CallbackRecord>();
  /** Updates produced and not yet confirmed (polling) or delivered (webhook), oldest first. */
  pending: TgUpdate[] = [];
  commands: unknown[] = [];
  /** Set by getUpdates/setWebhook; updates of other types are never produced. Empty = default. */
  private allowedUpdates: Set<string> | undefined;
  /** Announced on every change a test might wait for. */
  readonly changed = new ChangeSignal();
  /** Announced when a new update is queued (wakes a held getUpdates or the webhook pump). */
  readonly updateQueued = new ChangeSignal();
  private nextUpdateId: number;
  private fileCounter = 0;

  constructor(
    readonly clock: Clock,
    firstUpdateId: number,
  ) {
    this.nextUpdateId = firstUpdateId;
  }

  unixNow(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  /** A user appears the first time they write; chat id equals user id in private chats. */
  ensureChat(chatId: number, profile: Partial<TgUser> = {}): ChatRecord {
    let record = this.chats.get(chatId);
    if (!record) {
      const user: TgUser = {
        id: chatId,
        is_bot: false,
        first_name: profile.first_name ?? `User${chatId}`,
        ...(profile.last_name ? { last_name: profile.last_name } : {}),
        ...(profile.username ? { username: profile.username } : {}),
        language_code: profile.language_code ?? 'ru',
      };
      const chat: TgChat = {
        id: chatId,
        type: 'private',
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
      };
      record = {
        chat,
        user,
        nextMessageId: 1,
        userMessages: new Map(),
        botMessages: new Map(),
        wireMessages: new Map(),
        blocked: false,
        chatActions: [],
      };
      this.chats.set(chatId, record);
    }
    return record;
  }

  /** The chat a bot addresses; unknown until the user has written (Telegram's rule). */
  chatFor(chatId: number): ChatRecord {
    const record = this.chats.get(chatId);
    if (!record) throw chatNotFound();
    return record;
  }

  setAllowedUpdates(types: string[]): void {
    this.allowedUpdates = types.length > 0 ? new Set(types) : undefined;
  }

  /** Queues an update unless allowed_updates excludes its type; returns it either way. */
  queueUpdate(body: Omit<TgUpdate, 'update_id'>): { update: TgUpdate; queued: boolean } {
    const update: TgUpdate = { update_id: this.nextUpdateId++, ...body };
    const queued = !this.allowedUpdates || this.allowedUpdates.has(updateType(update));
    if (queued) {
      this.pending.push(update);
      this.updateQueued.notify();
    }
    return { update, queued };
  }

  /** Queues an update again with its original update_id, as after a lost webhook answer. */
  requeue(update: TgUpdate): void {
    this.pending.push(update);
    this.pending.sort((a, b) => a.update_id - b.update_id);
    this.updateQueued.notify();
  }

  storeFile(bytes: Buffer, kind: 'photos' | 'documents', extension: string, meta: Partial<StoredFile> = {}) {
    this.fileCounter += 1;
    const file: StoredFile = {
      file_id: randomBytes(24).toString('base64url'),
      file_unique_id: randomBytes(8).toString('base64url'),
      file_path: `${kind}/file_${this.fileCounter}.${extension}`,
      bytes,
      ...meta,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  fileByPath(path: string): StoredFile | undefined {
    for (const file of this.files.values()) if (file.file_path === path) return file;
    return undefined;
  }
}
