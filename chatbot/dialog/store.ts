import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { ChatKeys } from './keys.ts';
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

export interface Turn {
  state: ConversationState;
  /** Adds the state, the "seen" marker and the turn's effects to one MULTI, then unlocks. */
  commit(state: ConversationState, effects: (multi: ChainableCommander) => void): Promise<void>;
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
 * nothing of the first attempt.
 */
export class ConversationStore {
  constructor(
    private readonly redis: Redis,
    readonly keys: ChatKeys,
  ) {}

  async begin(ref: ConversationRef, eventId: string): Promise<Turn | DuplicateEvent> {
    const token = randomUUID();
    const lockKey = this.keys.lock(ref);
    const seenKey = this.keys.seen(ref.channel, eventId);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const replies = (await this.redis
        .pipeline()
        .set(lockKey, token, 'PX', LOCK_TTL_MS, 'NX')
        .exists(seenKey)
        .get(this.keys.state(ref))
        .exec()) as [Error | null, unknown][];
      const locked = replies[0]![1] === 'OK';
      if (locked) {
        if (replies[1]![1] === 1) {
          await this.unlock(lockKey, token);
          return new DuplicateEvent();
        }
        const raw = replies[2]![1] as string | null;
        return this.turn(ref, seenKey, lockKey, token, raw);
      }
      if (replies[1]![1] === 1) return new DuplicateEvent();
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
      commit: async (next, effects) => {
        const multi = this.redis.multi();
        multi.set(this.keys.state(ref), JSON.stringify(next), 'EX', STATE_TTL_S);
        multi.set(seenKey, '1', 'EX', SEEN_TTL_S);
        // The interaction → conversation link, written when the interaction is new to this state.
        if (next.interactionId && next.interactionId !== interactionBefore)
          multi.set(this.keys.interaction(next.interactionId), JSON.stringify(ref), 'EX', STATE_TTL_S);
        // The idle sweep looks at conversations with an open interaction, by their last message.
        if (next.interactionId)
          multi.zadd(this.keys.active, next.lastActivityAt ?? Date.now(), conversationKey(ref));
        else multi.zrem(this.keys.active, conversationKey(ref));
        effects(multi);
        multi.eval(RELEASE, 1, lockKey, token);
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
