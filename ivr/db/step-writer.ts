import type { Pool } from '../../core/db/index.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/index.ts';
import type { IvrJournal } from './journal.ts';
import { databaseUnavailable } from './unavailable.ts';

/** One `ivr.*` row of `interaction_events` (the same table and shape core/interactions writes). */
export interface StepEvent {
  interactionId: string;
  at: Date;
  kind: string;
  data: Record<string, unknown>;
}

// The kinds core/interactions accepts ("ivr.verb.gather"); a malformed one is a bug in a flow.
const KIND = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const MAX_BATCH = 500;

const INSERT_BATCH = `insert into interaction_events (interaction_id, at, kind, data)
  select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[])`;

interface Pending {
  event: StepEvent;
  written: () => void;
  failed: (error: unknown) => void;
}

/**
 * Writes the robot's steps of every live call to `interaction_events`, many rows per statement.
 * One transaction per step (lock the interaction, insert, commit: four round trips) was most of
 * the IVR's CPU at 1,600 calls; a step row needs no lock (the foreign key guarantees the
 * interaction exists, and the IVR only appends). Batches are written one at a time, in the order
 * the steps were taken, so a step's promise resolving means every earlier step is stored too.
 * A batch collects for `collectMs` (steps are records, never on a caller's path; at 200 keys a
 * second that makes ~10 rows a statement instead of ~1), and while one batch is in flight the
 * next one fills up. While PostgreSQL is unreachable the steps go to the journal instead (and so
 * do later steps of the same calls, to keep their order); the replay writes them when it is back.
 */
export class StepWriter {
  private queue: Pending[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly collectMs = 20,
    private readonly journal?: IvrJournal,
  ) {}

  /** Queues one step; resolves when it is stored (rejects if its row was refused). */
  append(interactionId: string, kind: string, data: Record<string, unknown>, at = this.clock.now()) {
    if (!KIND.test(kind)) return Promise.reject(new Error(`malformed interaction event kind: ${kind}`));
    return new Promise<void>((written, failed) => {
      this.queue.push({ event: { interactionId, at, kind, data }, written, failed });
      this.schedule();
    });
  }

  /** Steps queued or in flight. */
  get backlog(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      void this.flush();
    }, this.collectMs);
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(all: Pending[]): Promise<void> {
    const { journal } = this;
    let batch = all;
    if (journal) {
      // Redis unreachable: the journal cannot take them either — PostgreSQL directly (an unheard
      // rejection here escaped the flush timer and would end the process).
      const kept = (await journal.mustQueue([]).catch(() => false))
        ? all
        : all.filter((p) => journal.holds(p.event.interactionId));
      if (kept.length) {
        await this.keep(kept);
        const keptSet = new Set(kept);
        batch = all.filter((p) => !keptSet.has(p));
        if (batch.length === 0) return;
      }
    }
    try {
      await this.insert(batch.map((p) => p.event));
      for (const p of batch) p.written();
    } catch (error) {
      if (journal && databaseUnavailable(error)) {
        journal.markDown();
        await this.keep(batch);
        return;
      }
      if (batch.length === 1) {
        batch[0]!.failed(error);
        return;
      }
      // One bad row (an interaction that was never opened) must not cost the other calls theirs.
      this.logger.warn({ err: error, rows: batch.length }, 'step batch refused; storing rows one by one');
      for (const p of batch) await this.write([p]);
    }
  }

  /** Into the journal (one entry for the batch); resolved as stored: Redis keeps them durably. */
  private async keep(batch: Pending[]): Promise<void> {
    try {
      await this.journal!.append(
        {
          t: 'steps',
          steps: batch.map(({ event }) => ({
            ix: event.interactionId,
            at: event.at.getTime(),
            kind: event.kind,
            data: event.data,
          })),
        },
        [...new Set(batch.map((p) => p.event.interactionId))],
      );
      for (const p of batch) p.written();
    } catch (error) {
      for (const p of batch) p.failed(error);
    }
  }

  private async insert(events: StepEvent[]): Promise<void> {
    await this.pool.query(INSERT_BATCH, [
      events.map((e) => e.interactionId),
      events.map((e) => e.at),
      events.map((e) => e.kind),
      events.map((e) => JSON.stringify(e.data)),
    ]);
  }
}
