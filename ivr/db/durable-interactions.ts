import type { AppealService, RegisterAppealInput } from '../../core/appeals/index.ts';
import {
  type Interaction,
  InteractionNotFoundError,
  type InteractionService,
} from '../../core/interactions/index.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { IvrJournal, JournalEntry } from './journal.ts';

/** The interaction service as the IVR uses it: its writes survive a PostgreSQL outage. */
export interface IvrInteractions extends InteractionService {
  /**
   * The robot's end of a call it served alone: closed with the outcome if the interaction is
   * still the robot's (self_service); one the ACD took over is the ACD's to close.
   */
  closeSelfServed(id: string, outcome: string): Promise<void>;
  /**
   * Registers the callback appeal and links it to the call; undefined when PostgreSQL is down —
   * the request is kept and registered (as of now) once it is back.
   */
  registerAppeal(input: RegisterAppealInput & { interactionId: string }): Promise<number | undefined>;
  /**
   * The row of a call a sweep took over, written if it is missing (its process died between
   * answering and opening it). Idempotent: the journal's open never overwrites a row and keeps
   * the earliest start. True when an open was queued; false when the row exists or PostgreSQL
   * cannot say.
   */
  ensureOpened(call: CallRecord, startedAtMs: number): Promise<boolean>;
  /**
   * The row of a call found in Stasis that no process had saved (it died between StasisStart
   * and saving the call): opened through the journal, with the channel's own start time.
   */
  openSince(call: CallRecord, startedAtMs: number): Promise<void>;
}

/** A call's row as the IVR opens it. */
export interface CallRecord {
  id: string;
  externalId: string | null;
  contact: string | null;
}

function openEntry(call: CallRecord, at: number): JournalEntry {
  return { t: 'open', ix: call.id, at, externalId: call.externalId, contact: call.contact };
}

/**
 * Wraps core/interactions so that what the robot writes during a call never fails for want of a
 * database: a write PostgreSQL cannot take goes to the journal (see IvrJournal), and the call
 * goes on. Reads (`get`, `events`) are the core's.
 */
export function durableInteractions(
  direct: InteractionService,
  appeals: AppealService,
  journal: IvrJournal,
  clock: Clock,
): IvrInteractions {
  const openSince = (call: CallRecord, startedAtMs: number) =>
    journal.append(openEntry(call, startedAtMs), [call.id]);
  return {
    ...direct,
    async open(input) {
      const at = clock.nowMs();
      const id = input.id;
      if (!id) return direct.open(input); // only calls with their own id can be journaled
      const entry = () =>
        openEntry({ id, externalId: input.externalId ?? null, contact: input.contact ?? null }, at);
      try {
        return (await journal.write([id], entry, () => direct.open(input))) ?? pendingInteraction(id, at);
      } catch {
        // Refused for another reason than an absent database (an error PostgreSQL gave while
        // restarting, a cut the driver words its own way): the call goes on and its row must
        // still come. The open is journaled (idempotent); the replay writes it, or keeps it in
        // the dead letters with PostgreSQL's error — never a call without a trace.
        await journal.append(entry(), [id]);
        return pendingInteraction(id, at);
      }
    },
    async update(id, patch) {
      const at = clock.nowMs();
      const updated = await journal.write(
        [id],
        () => ({ t: 'update', ix: id, at, patch: { ...patch } }),
        () => direct.update(id, patch),
      );
      return updated ?? pendingInteraction(id, at);
    },
    async closeSelfServed(id, outcome) {
      const at = clock.nowMs();
      await journal.write(
        [id],
        () => ({ t: 'close', ix: id, at, outcome }),
        async () => {
          const current = await direct.get(id);
          if (current.state === 'self_service') await direct.close(id, { outcome: outcome as never });
        },
      );
    },
    async ensureOpened(call, startedAtMs) {
      const exists = await direct.get(call.id).then(
        () => true,
        (error) => (error instanceof InteractionNotFoundError ? false : undefined),
      );
      // PostgreSQL cannot say: nothing is queued on a guess (an entry would hold every later write
      // behind the journal); a gone call is settled by a later sweep, which asks again.
      if (exists !== false) return false;
      await openSince(call, startedAtMs);
      return true;
    },
    openSince,
    async registerAppeal(input) {
      const at = clock.nowMs();
      const ix = input.interactionId;
      return journal.write(
        [ix],
        () => ({ t: 'appeal', ix, at, appeal: input }),
        async () => {
          const appeal = await appeals.register(input);
          await direct.update(ix, { appealId: appeal.id });
          return appeal.id;
        },
      );
    },
  };
}

/** What a caller of `open`/`update` gets back when the row is not written yet (the IVR ignores it). */
function pendingInteraction(id: string, atMs: number): Interaction {
  return { id, startedAt: new Date(atMs) } as Interaction;
}
