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

/**
 * The conversation lock is a lease: short, and renewed while its turn runs. An instance that dies
 * mid-turn (SIGKILL, a lost machine) holds a conversation for at most `leaseMs`; then the event's
 * redelivery (the widget's resend, Telegram's or VK's retry) takes it over and handles it. The
 * wait of a redelivery outlasts a lease, so it is handled rather than refused.
 */
export interface TurnLeaseOptions {
  leaseMs: number;
  /** How long `begin` waits for a locked conversation before it gives up. */
  lockWaitMs: number;
}
export const DEFAULT_TURN_LEASE: TurnLeaseOptions = { leaseMs: 5_000, lockWaitMs: 12_000 };

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
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

/** The turn's lease ran out before its commit (another instance may have taken the conversation over). */
export class LeaseLostError extends Error {
  constructor() {
    super('the conversation lock expired before the turn committed; the event will be handled again');
  }
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
    private readonly lease: TurnLeaseOptions = DEFAULT_TURN_LEASE,
  ) {
    this.redis = withTurnScripts(redis);
  }

  async begin(ref: ConversationRef, eventId: string): Promise<Turn | DuplicateEvent> {
    const token = randomUUID();
    const lockKey = this.keys.lock(ref);
    const seenKey = this.keys.seen(ref.channel, eventId);
    const deadline = Date.now() + this.lease.lockWaitMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const askedAt = Date.now();
      const [locked, seen, raw] = (await this.redis.chatTurnBegin(
        lockKey,
        seenKey,
        this.keys.state(ref),
        token,
        this.lease.leaseMs,
      )) as [number, number, string | null | undefined];
      if (seen === 1) return new DuplicateEvent();
      if (locked === 1) return this.turn(ref, seenKey, lockKey, token, raw ?? null, askedAt);
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
    lockedAt: number,
  ): Turn {
    const state = raw ? { ...newConversationState(), ...(JSON.parse(raw) as ConversationState) } : undefined;
    // States written before the conversation so far moved to its own list carried it inline.
    if (state && 'recent' in state) delete (state as { recent?: unknown }).recent;
    // The turn mutates the state in place: remember what the interaction was before it.
    const interactionBefore = state?.interactionId;
    const lease = this.holdLease(lockKey, token, lockedAt);
    return {
      state: state ?? newConversationState(),
      commit: async (next, effects, recent = { clear: false, lines: [] }) => {
        lease.stop();
        // A lease found gone is not committed over: another instance may be handling the event.
        if (lease.lost()) throw new LeaseLostError();
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
      release: () => {
        lease.stop();
        return this.unlock(lockKey, token);
      },
    };
  }

  /**
   * Renews the lock every third of the lease while the turn runs. A renewal that finds the lock
   * no longer ours marks the lease lost; a failed renewal (Redis unreachable) is retried on the
   * next tick, and counted lost once the lease has run out since the last good renewal.
   */
  private holdLease(lockKey: string, token: string, lockedAt: number): { stop(): void; lost(): boolean } {
    let renewedAt = lockedAt;
    let gone = false;
    const timer = setInterval(
      () => {
        const asked = Date.now();
        this.redis.eval(RENEW, 1, lockKey, token, this.lease.leaseMs).then(
          (renewed) => {
            if (Number(renewed) === 1) renewedAt = asked;
            else gone = true;
          },
          () => undefined,
        );
      },
      Math.max(10, Math.floor(this.lease.leaseMs / 3)),
    );
    timer.unref();
    return {
      stop: () => clearInterval(timer),
      lost: () => gone || Date.now() - renewedAt >= this.lease.leaseMs,
    };
  }

  private async unlock(lockKey: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, lockKey, token);
  }
}

export function isDuplicate(turn: Turn | DuplicateEvent): turn is DuplicateEvent {
  return turn instanceof DuplicateEvent;
}
