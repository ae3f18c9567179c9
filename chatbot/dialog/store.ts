import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { ChatKeys } from './keys.ts';
import { commitInto, type TurnScripts, withTurnScripts } from './scripts.ts';
import type { RecentLine } from './turn.ts';
import {
  type ConversationRef,
  type ConversationState,
  conversationKey,
  newConversationState,
} from './types.ts';

const STATE_TTL_S = 30 * 24 * 3600;
/** Long enough to outlive every retry schedule of Telegram and VK. */
const SEEN_TTL_S = 7 * 24 * 3600;
const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RECENT_LINES = 30;

/** What a turn changes in the conversation so far (see TurnEffects.record). */
export interface RecentChanges {
  clear: boolean;
  lines: RecentLine[];
}

export interface Turn {
  state: ConversationState;
  /**
   * Adds the state, the "seen" marker, the conversation so far and the turn's effects to one
   * MULTI, and unlocks in it.
   */
  commit(
    state: ConversationState,
    effects: (multi: ChainableCommander) => void,
    recent?: RecentChanges,
  ): Promise<void>;
  /** Unlocks without writing (the turn failed; the channel will deliver the event again). */
  release(): Promise<void>;
}

export class DuplicateEvent {
  readonly duplicate = true;
}

/**
 * Conversation state in Redis. A turn holds the conversation's lock (two instances never handle
 * one chat at once), and its commit writes the new state, the event's "seen" marker, the replies
 * and the transcript lines in one MULTI: a redelivered event either finds the marker or finds
 * nothing of the first attempt. Both steps are one script each (chatbot/dialog/scripts.ts).
 */
export class ConversationStore {
  private readonly redis: Redis & TurnScripts;

  constructor(
    redis: Redis,
    readonly keys: ChatKeys,
  ) {
    this.redis = withTurnScripts(redis);
  }

  async begin(ref: ConversationRef, eventId: string): Promise<Turn | DuplicateEvent> {
    const token = randomUUID();
    const lockKey = this.keys.lock(ref);
    const seenKey = this.keys.seen(ref.channel, eventId);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const [locked, seen, raw] = (await this.redis.chatTurnBegin(
        lockKey,
        seenKey,
        this.keys.state(ref),
        token,
        LOCK_TTL_MS,
      )) as [number, number, string | null | undefined];
      if (seen === 1) return new DuplicateEvent();
      if (locked === 1) return this.turn(ref, seenKey, lockKey, token, raw ?? null);
      if (Date.now() > deadline) throw new Error('conversation is locked by another handler for too long');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** The conversation so far (see TurnEffects.record), oldest first. */
  async recent(ref: ConversationRef): Promise<RecentLine[]> {
    const raw = await this.redis.lrange(this.keys.recent(ref), 0, -1);
    return raw.map((line) => JSON.parse(line) as RecentLine);
  }

  /** The state without locking (operator relay reads the channel, tests look inside). */
  async peek(ref: ConversationRef): Promise<ConversationState | undefined> {
    const raw = await this.redis.get(this.keys.state(ref));
    return raw ? (JSON.parse(raw) as ConversationState) : undefined;
  }

  async conversationOf(interactionId: string): Promise<ConversationRef | undefined> {
    const raw = await this.redis.get(this.keys.interaction(interactionId));
    return raw ? (JSON.parse(raw) as ConversationRef) : undefined;
  }

  private turn(
    ref: ConversationRef,
    seenKey: string,
    lockKey: string,
    token: string,
    raw: string | null,
  ): Turn {
    const state = raw ? { ...newConversationState(), ...(JSON.parse(raw) as ConversationState) } : undefined;
    // States written before the conversation so far moved to its own list carried it inline.
    if (state && 'recent' in state) delete (state as { recent?: unknown }).recent;
    // The turn mutates the state in place: remember what the interaction was before it.
    const interactionBefore = state?.interactionId;
    return {
      state: state ?? newConversationState(),
      commit: async (next, effects, recent = { clear: false, lines: [] }) => {
        const multi = this.redis.multi();
        // The interaction → conversation link, written when the interaction is new to this state.
        const link =
          next.interactionId && next.interactionId !== interactionBefore ? JSON.stringify(ref) : '';
        commitInto(
          multi,
          this.keys.state(ref),
          seenKey,
          this.keys.active,
          lockKey,
          this.keys.recent(ref),
          next.interactionId ? this.keys.interaction(next.interactionId) : this.keys.interaction('-'),
          JSON.stringify(next),
          STATE_TTL_S,
          SEEN_TTL_S,
          conversationKey(ref),
          // The idle sweep looks at conversations with an open interaction, by their last message.
          next.interactionId ? (next.lastActivityAt ?? Date.now()) : '',
          token,
          recent.clear ? '1' : '0',
          STATE_TTL_S,
          RECENT_LINES,
          link,
          ...recent.lines.map((line) => JSON.stringify(line)),
        );
        effects(multi);
        const results = await multi.exec();
        const failed = results?.find(([error]) => error);
        if (!results || failed) throw failed?.[0] ?? new Error('conversation commit was discarded');
      },
      release: () => this.unlock(lockKey, token),
    };
  }

  private async unlock(lockKey: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, lockKey, token);
  }
}

export function isDuplicate(turn: Turn | DuplicateEvent): turn is DuplicateEvent {
  return turn instanceof DuplicateEvent;
}
