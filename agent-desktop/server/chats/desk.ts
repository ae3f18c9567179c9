import type { Redis } from 'ioredis';
import { type ChatKeys, chatKeys } from '../../../chatbot/dialog/keys.ts';
import { sendOperatorMessage } from '../../../chatbot/dialog/operator-relay.ts';
import type { Pool } from '../../../core/db/pool.ts';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import type { RecordingStorage } from '../../../recordings/storage/storage.ts';
import type { Acd } from '../acd/index.ts';
import type { AcdWorkingTime } from '../acd/services/working-time.ts';
import { storedAttachment, storedAttachmentIds } from './db/attachments.ts';
import { cannedAnswers } from './db/canned.ts';
import { chatForReview, chatsForReview, staffNames } from './db/review.ts';
import { storedLines } from './db/transcript.ts';
import type { CannedAnswer, ChatLine, ChatSummary, ReviewChat, ReviewTranscript } from './schemas.ts';
import {
  type AcdInteraction,
  clientLineCount,
  isOperatorsChat,
  mergeLines,
  summarize,
} from './services/conversation.ts';
import { ChatStore } from './store.ts';

/** The chat is not this operator's (or not on: closed, another's, unknown): the HTTP side says 404. */
export class ChatNotFound extends Error {
  override name = 'ChatNotFound';
}

/** The ACD refused the step in the chat's current state (e.g. ending a chat already in wrap-up). */
export class ChatStateConflict extends Error {
  override name = 'ChatStateConflict';
}

export interface ChatDeskOptions {
  pool: Pool;
  redis: Redis;
  prefix: string;
  acd: Acd;
  clock: Clock;
  workingTime: AcdWorkingTime;
  /** Where the chatbot keeps clients' files (chatbot/attachments/storage.ts); made on first use. */
  attachments: () => RecordingStorage;
}

/**
 * The operator's chats: the ACD says which chats are theirs and in what state, the chatbot's
 * transcript says what was written, the chatbot's relay carries the operator's answers.
 */
export class ChatDesk {
  readonly chatKeys: ChatKeys;
  private readonly store: ChatStore;
  private attachmentStorage: RecordingStorage | undefined;

  constructor(private readonly options: ChatDeskOptions) {
    this.chatKeys = chatKeys(options.prefix);
    this.store = new ChatStore(options.redis, options.prefix, this.chatKeys);
  }

  /** The operator's accepted chats (in conversation or wrap-up), oldest first. */
  async list(agentId: string): Promise<ChatSummary[]> {
    const { acd, redis } = this.options;
    const work = await redis.smembers(acd.keys.agentWork(agentId));
    const hashes = await Promise.all(work.map((ix) => acd.interaction(ix)));
    const chats = work
      .map((ix, i) => ({ ix, hash: hashes[i] ?? null }))
      .filter((chat): chat is { ix: string; hash: AcdInteraction } => isOperatorsChat(chat.hash, agentId));
    const ids = chats.map((chat) => chat.ix);
    const [lines, reads, wrapEnds] = await Promise.all([
      this.lines(ids),
      this.store.readCounts(agentId, ids),
      Promise.all(ids.map((ix) => redis.zscore(acd.keys.timers, `w|${ix}`))),
    ]);
    return chats
      .map((chat, i) =>
        summarize({
          ix: chat.ix,
          hash: chat.hash,
          lines: lines.get(chat.ix) ?? [],
          readCount: reads.get(chat.ix) ?? 0,
          wrapUpEndsAt: wrapEnds[i] ? Number(wrapEnds[i]) : null,
          workingTime: this.options.workingTime,
        }),
      )
      .sort((a, b) => (a.answeredAt ?? 0) - (b.answeredAt ?? 0) || a.enqueuedAt - b.enqueuedAt);
  }

  /** One chat with the conversation so far (the bot's part included); marks it read. */
  async open(agentId: string, ix: string): Promise<{ chat: ChatSummary; lines: ChatLine[] }> {
    await this.ownedChat(agentId, ix);
    const lines = await this.linesWithFiles(ix, `/api/chats/${ix}/attachments`);
    await this.store.markRead(agentId, ix, clientLineCount(lines));
    const chat = (await this.list(agentId)).find((summary) => summary.ix === ix);
    if (!chat) throw new ChatNotFound(ix);
    return { chat, lines };
  }

  async markRead(agentId: string, ix: string): Promise<void> {
    await this.ownedChat(agentId, ix);
    const lines = (await this.lines([ix])).get(ix) ?? [];
    await this.store.markRead(agentId, ix, clientLineCount(lines));
  }

  /**
   * The operator's answer goes to the chatbot's relay (which sends it in the client's channel and
   * records it); the first one also stops the ACD's 15-minute watch (R-ACD-5) right here, so the
   * measure does not depend on how busy the chatbot is. The relay marks it too: harmless.
   */
  async send(agentId: string, ix: string, text: string): Promise<{ line: ChatLine; firstAnswer: boolean }> {
    const hash = await this.ownedChat(agentId, ix);
    if (hash.st !== 'connected') throw new ChatStateConflict('the chat is in wrap-up');
    const { redis, prefix, acd, clock } = this.options;
    await sendOperatorMessage(redis, prefix, { interactionId: ix, agentId, text });
    const first = await acd.firstAnswer(ix, agentId);
    return {
      line: { at: clock.nowMs(), from: 'operator', text: text.trim(), agentId },
      firstAnswer: first === 'first_answer',
    };
  }

  /** End of the chat: wrap-up starts; the chatbot asks the client for the 1–5 rating on the ACD's event. */
  async end(agentId: string, ix: string): Promise<{ wrapUpEndsAt: number }> {
    await this.ownedChat(agentId, ix);
    const result = await this.options.acd.finish(ix, agentId);
    if (result.status !== 'wrap_up') throw new ChatStateConflict('the chat is not in conversation');
    return { wrapUpEndsAt: result.autoEndAt };
  }

  /** Chats a supervisor or quality controller may open (any chat, not only theirs), newest first. */
  async reviewList(options: { since: Date; activeOnly: boolean }): Promise<ReviewChat[]> {
    return this.withLiveState(await chatsForReview(this.options.pool, options));
  }

  /** Any chat's conversation, read-only: nobody's unread count changes. */
  async review(ix: string): Promise<ReviewTranscript> {
    const chat = await chatForReview(this.options.pool, ix);
    if (!chat) throw new ChatNotFound(ix);
    const lines = await this.linesWithFiles(ix, `/api/supervision/chats/${ix}/attachments`);
    const [live] = await this.withLiveState([chat]);
    return { chat: live!, lines };
  }

  /** A client's file of any chat, for a supervisor or quality controller. */
  async reviewAttachment(ix: string, id: number) {
    if (!(await chatForReview(this.options.pool, ix))) throw new ChatNotFound(ix);
    return this.storedFile(ix, id);
  }

  /** A client's file of the operator's chat, as stored by the chatbot. */
  async attachment(agentId: string, ix: string, id: number) {
    await this.ownedChat(agentId, ix);
    return this.storedFile(ix, id);
  }

  private async storedFile(ix: string, id: number) {
    const file = await storedAttachment(this.options.pool, ix, id);
    if (!file) throw new ChatNotFound(`${ix}/${id}`);
    this.attachmentStorage ??= this.options.attachments();
    return { file, bytes: await this.attachmentStorage.read(file.storageKey) };
  }

  /** How many chats the ACD may give this operator at once (set at sign-in to the queues). */
  async capacity(agentId: string): Promise<number | null> {
    const cap = await this.options.redis.hget(this.options.acd.keys.agent(agentId), 'cap');
    return cap ? Number(cap) : null;
  }

  canned(options: Parameters<typeof cannedAnswers>[1]): Promise<CannedAnswer[]> {
    return cannedAnswers(this.options.pool, options);
  }

  /** The ACD's agent of a chat (for routing a client's message to the right operator's screen). */
  async agentOf(ix: string): Promise<string | undefined> {
    const hash = await this.options.acd.interaction(ix);
    return hash?.media === 'chat' && hash.ag ? hash.ag : undefined;
  }

  private async ownedChat(agentId: string, ix: string): Promise<AcdInteraction> {
    const hash = await this.options.acd.interaction(ix);
    if (!isOperatorsChat(hash, agentId)) throw new ChatNotFound(ix);
    return hash;
  }

  /**
   * PostgreSQL lags the ACD by its write batch: an open chat shows the ACD's stage, queue and
   * operator (a chat accepted a moment ago has no operator in PostgreSQL yet).
   */
  private async withLiveState(chats: ReviewChat[]): Promise<ReviewChat[]> {
    const hashes = await Promise.all(
      chats.map((chat) => (chat.closedAt === null ? this.options.acd.interaction(chat.ix) : null)),
    );
    const agentIds = [...new Set(hashes.map((hash) => hash?.ag).filter((ag): ag is string => Boolean(ag)))];
    const names = await staffNames(this.options.pool, agentIds);
    return chats.map((chat, i) => {
      const hash = hashes[i];
      if (!hash?.st) return chat;
      const agent = hash.ag ? { id: hash.ag, fullName: names.get(hash.ag) ?? '' } : chat.agent;
      return { ...chat, state: hash.st, queue: hash.q || chat.queue, agent };
    });
  }

  /** The conversation; files the platform has a copy of get a link under `filesPath`. */
  private async linesWithFiles(ix: string, filesPath: string): Promise<ChatLine[]> {
    const lines = (await this.lines([ix])).get(ix) ?? [];
    // The others stay channel references (not copied yet, or refused by the limits).
    const stored = await storedAttachmentIds(this.options.pool, ix);
    for (const line of lines)
      for (const file of line.attachments ?? []) {
        const id = stored.get(file.ref);
        if (id !== undefined) file.url = `${filesPath}/${id}`;
      }
    return lines;
  }

  private async lines(ixIds: string[]): Promise<Map<string, ChatLine[]>> {
    const [stored, pending] = await Promise.all([
      storedLines(this.options.pool, ixIds),
      this.store.pendingLines(ixIds),
    ]);
    return new Map(ixIds.map((ix) => [ix, mergeLines(stored.get(ix) ?? [], pending.get(ix) ?? [])]));
  }
}
