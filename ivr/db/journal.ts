import type { Redis } from 'ioredis';
import type { RegisterAppealInput } from '../../core/appeals/index.ts';
import type { AriEvent } from '../stasis/events.ts';
import { databaseUnavailable } from './unavailable.ts';

/** One step row of `interaction_events` (`ivr.*`), times in epoch ms. */
export interface JournalStep {
  ix: string;
  at: number;
  kind: string;
  data: Record<string, unknown>;
}

/**
 * What the IVR could not write to PostgreSQL, kept in Redis until it can: the call's interaction
 * row, its steps, field changes (topics, identification, CSAT, abuse, appeal), the robot's close,
 * a callback appeal, a whole-call recording to ingest. Times are when it happened (epoch ms).
 */
export type JournalEntry =
  | { t: 'open'; ix: string; at: number; externalId: string | null; contact: string | null }
  | { t: 'steps'; steps: JournalStep[] }
  | { t: 'update'; ix: string; at: number; patch: Record<string, unknown> }
  /** Closes the interaction if the robot still holds it (self_service); the ACD closes the rest. */
  | { t: 'close'; ix: string; at: number; outcome: string }
  | { t: 'appeal'; ix: string; at: number; appeal: RegisterAppealInput }
  | { t: 'recording'; event: AriEvent };

/**
 * The IVR's durable write path while PostgreSQL is down: a Redis stream (AOF-persisted like the
 * ACD's outbox and the chat transcript), replayed in order by `JournalReplayer`.
 *
 * Order: once one write of an interaction went to the journal, every later write of that
 * interaction goes there too ("held") until its call has ended, and while anything waits in the
 * journal every write goes behind it, so the replay applies them in the order they were made
 * even if PostgreSQL comes back in between. After a write failed for want of a database, writes
 * go straight to the journal for `retryAfterMs` instead of each waiting for a connection attempt
 * (a caller never waits for PostgreSQL).
 */
export class IvrJournal {
  private readonly held = new Set<string>();
  private downUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retryAfterMs = 2_000,
  ) {}

  get key(): string {
    return `${this.prefix}:ivr:journal`;
  }

  /** Entries PostgreSQL refused for their content (never silently dropped). */
  get deadKey(): string {
    return `${this.prefix}:ivr:journal:dead`;
  }

  get lockKey(): string {
    return `${this.prefix}:ivr:journal:lock`;
  }

  /** PostgreSQL failed lately: writes skip it for a while. */
  get databaseDown(): boolean {
    return Date.now() < this.downUntil;
  }

  markDown(): void {
    this.downUntil = Date.now() + this.retryAfterMs;
  }

  markUp(): void {
    this.downUntil = 0;
  }

  /** This interaction's writes go through the journal (an earlier one did). */
  holds(interactionId: string): boolean {
    return this.held.has(interactionId);
  }

  /** The call is over and its last write is queued: nothing of it is written any more. */
  release(interactionId: string): void {
    this.held.delete(interactionId);
  }

  /** Interactions currently held (their calls still live). */
  get heldCount(): number {
    return this.held.size;
  }

  async append(entry: JournalEntry, interactionIds: string[]): Promise<void> {
    for (const id of interactionIds) this.held.add(id);
    await this.redis.xadd(this.key, '*', 'e', JSON.stringify(entry));
  }

  async backlog(): Promise<number> {
    return this.redis.xlen(this.key);
  }

  /**
   * Whether a write must go behind the journal: PostgreSQL looked down, one of its interactions
   * is held, or anything at all still waits there (perhaps another process's entries for a call
   * this process re-attached) — written straight away, it would overtake them.
   */
  async mustQueue(interactionIds: string[]): Promise<boolean> {
    if (this.databaseDown || interactionIds.some((id) => this.held.has(id))) return true;
    return (await this.backlog()) > 0;
  }

  /**
   * Writes directly when the interactions are not held and PostgreSQL is believed up; if the
   * database turns out unreachable, or already looked so, the entry goes to the journal and
   * `undefined` is returned. Errors that are not about reachability are thrown as they are.
   */
  async write<T>(
    interactionIds: string[],
    entry: () => JournalEntry,
    direct: () => Promise<T>,
  ): Promise<T | undefined> {
    if (!(await this.mustQueue(interactionIds))) {
      try {
        return await direct();
      } catch (error) {
        if (!databaseUnavailable(error)) throw error;
        this.markDown();
      }
    }
    await this.append(entry(), interactionIds);
    return undefined;
  }
}

/**
 * A whole-call recording is ingested (row + link to its interaction) after the call's own
 * journaled writes: while PostgreSQL is down, or anything waits in the journal, it is queued
 * there too; the spool file stays where Asterisk wrote it meanwhile.
 */
export function journaledRecording(
  ingest: (event: AriEvent) => Promise<unknown>,
  journal: IvrJournal,
): (event: AriEvent) => Promise<unknown> {
  return async (event) => {
    if (!(await journal.mustQueue([]))) {
      try {
        return await ingest(event);
      } catch (error) {
        if (!databaseUnavailable(error)) throw error;
        journal.markDown();
      }
    }
    await journal.append({ t: 'recording', event }, []);
    return undefined;
  };
}
