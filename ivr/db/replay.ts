import type { Redis } from 'ioredis';
import { createAppealService } from '../../core/appeals/index.ts';
import { inTransaction, type Pool, type PoolClient } from '../../core/db/index.ts';
import { findInteraction, insertInteractionEvent, updateInteraction } from '../../core/interactions/db.ts';
import { stageTimestamps } from '../../core/interactions/stages.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/index.ts';
import type { AriEvent } from '../stasis/events.ts';
import type { IvrJournal, JournalEntry, JournalStep } from './journal.ts';
import { databaseUnavailable } from './unavailable.ts';

export interface ReplayerOptions {
  redis: Redis;
  pool: Pool;
  journal: IvrJournal;
  logger: Logger;
  timeZone: string;
  /** Identifies this process: one replayer at a time holds the journal's lock. */
  owner: string;
  /** Ingests a whole-call recording whose RecordingFinished came while PostgreSQL was down. */
  onRecordingFinished?: (event: AriEvent) => Promise<unknown>;
  everyMs?: number;
  batch?: number;
  lockMs?: number;
}

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** The time of the entry, as the clock of an appeal registered later for an earlier request. */
const clockAt = (ms: number): Clock => ({ now: () => new Date(ms), nowMs: () => ms });

/**
 * Writes the journal into PostgreSQL once it is back, oldest entry first, exactly once: each
 * applied entry leaves a marker (`data.journal` = its stream id in the row's event, or the row
 * itself) checked in the same transaction, so an entry applied just before a crash — before its
 * XDEL — is skipped on the next replay. Several IVR processes share one journal; a Redis lock
 * lets one replay at a time, which keeps the order. An entry PostgreSQL refuses for its content
 * goes to the dead-letter stream with the error; an unreachable database stops the round.
 */
export class JournalReplayer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  applied = 0;

  constructor(private readonly options: ReplayerOptions) {}

  start(): void {
    const tick = async () => {
      this.running = this.drain().catch((error) => {
        this.options.logger.warn({ err: error }, 'IVR journal replay failed; will retry');
        return 0;
      });
      await this.running;
      if (this.timer) this.timer = setTimeout(tick, this.options.everyMs ?? 500);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Replays until the journal is empty or PostgreSQL fails; returns the entries applied. */
  async drain(): Promise<number> {
    const { redis, journal, owner } = this.options;
    if ((await redis.xlen(journal.key)) === 0) return 0;
    const locked = await redis.set(journal.lockKey, owner, 'PX', this.options.lockMs ?? 15_000, 'NX');
    if (locked !== 'OK') return 0;
    let total = 0;
    try {
      for (;;) {
        const { applied, stopped } = await this.replayBatch();
        total += applied;
        if (stopped || applied === 0) break;
        await redis.pexpire(journal.lockKey, this.options.lockMs ?? 15_000);
      }
    } finally {
      await redis.eval(RELEASE_LOCK, 1, journal.lockKey, owner);
    }
    if (total > 0) this.options.logger.info({ entries: total }, 'IVR journal written to PostgreSQL');
    return total;
  }

  private async replayBatch(): Promise<{ applied: number; stopped: boolean }> {
    const { redis, journal, logger } = this.options;
    const entries = (await redis.xrange(journal.key, '-', '+', 'COUNT', this.options.batch ?? 200)) as Array<
      [string, string[]]
    >;
    const done: string[] = [];
    let stopped = false;
    for (const [id, fields] of entries) {
      const entry = JSON.parse(fields[1]!) as JournalEntry;
      try {
        await this.apply(id, entry);
        journal.markUp();
      } catch (error) {
        if (databaseUnavailable(error)) {
          journal.markDown();
          stopped = true;
          break;
        }
        logger.error(
          { err: error, entry: id, kind: entry.t },
          'IVR journal entry refused; kept in dead letters',
        );
        await redis.xadd(journal.deadKey, '*', 'id', id, 'error', String(error), 'e', fields[1]!);
      }
      done.push(id);
    }
    if (done.length) await redis.xdel(journal.key, ...done);
    this.applied += done.length;
    return { applied: done.length, stopped };
  }

  private async apply(id: string, entry: JournalEntry): Promise<void> {
    const { pool } = this.options;
    switch (entry.t) {
      case 'open':
        return inTransaction(pool, (tx) => applyOpen(tx, entry));
      case 'steps': {
        const orphans = await applySteps(pool, id, entry.steps);
        if (orphans.length) throw new Error(`steps of unknown interactions: ${orphans.join(', ')}`);
        return;
      }
      case 'update':
        return inTransaction(pool, async (tx) => {
          if (await marked(tx, entry.ix, id)) return;
          await updateInteraction(tx, entry.ix, entry.patch, {}, new Date(entry.at));
          await insertInteractionEvent(tx, {
            interactionId: entry.ix,
            at: new Date(entry.at),
            kind: 'updated',
            data: { fields: Object.keys(entry.patch).sort(), journal: id },
          });
        });
      case 'close':
        return inTransaction(pool, async (tx) => {
          const current = await findInteraction(tx, entry.ix, true);
          if (!current) throw new Error(`interaction ${entry.ix} does not exist`);
          // Already closed here, or the ACD took it over (queued, talked): not the robot's to close.
          if (current.state !== 'self_service') return;
          const at = new Date(entry.at);
          await updateInteraction(
            tx,
            entry.ix,
            { state: 'closed', outcome: entry.outcome },
            stageTimestamps('self_service', 'closed'),
            at,
          );
          await insertInteractionEvent(tx, {
            interactionId: entry.ix,
            at,
            kind: 'closed',
            data: { from: 'self_service', outcome: entry.outcome, journal: id },
          });
        });
      case 'appeal':
        return this.applyAppeal(id, entry);
      case 'recording':
        await this.options.onRecordingFinished?.(entry.event);
        return;
    }
  }

  /** The callback appeal, registered as of the moment the caller asked (deadline from then). */
  private async applyAppeal(id: string, entry: Extract<JournalEntry, { t: 'appeal' }>): Promise<void> {
    const { pool } = this.options;
    const { rows } = await pool.query<{ id: number }>('select id from appeals where interaction_id = $1', [
      entry.ix,
    ]);
    const appealId =
      rows[0]?.id ??
      (
        await createAppealService({
          pool,
          clock: clockAt(entry.at),
          timeZone: this.options.timeZone,
        }).register(entry.appeal)
      ).id;
    await inTransaction(pool, async (tx) => {
      if (await marked(tx, entry.ix, id)) return;
      await updateInteraction(tx, entry.ix, { appealId }, {}, new Date(entry.at));
      await insertInteractionEvent(tx, {
        interactionId: entry.ix,
        at: new Date(entry.at),
        kind: 'updated',
        data: { fields: ['appealId'], journal: id },
      });
    });
  }
}

async function marked(tx: PoolClient, interactionId: string, journalId: string): Promise<boolean> {
  const { rows } = await tx.query(
    `select 1 from interaction_events where interaction_id = $1 and data->>'journal' = $2 limit 1`,
    [interactionId, journalId],
  );
  return rows.length > 0;
}

/**
 * The robot's interaction row. The ACD's outbox writer may have created it first (a call the
 * robot transferred while PostgreSQL was down): its state and stage times stay, the IVR adds
 * what only it knows (channel id, caller number, start).
 */
async function applyOpen(tx: PoolClient, entry: Extract<JournalEntry, { t: 'open' }>): Promise<void> {
  const at = new Date(entry.at);
  const { rowCount } = await tx.query(
    `insert into interactions (id, channel, direction, external_id, contact, state, started_at)
     values ($1, 'phone', 'inbound', $2, $3, 'self_service', $4) on conflict (id) do nothing`,
    [entry.ix, entry.externalId, entry.contact, at],
  );
  if (!rowCount) {
    await tx.query(
      `update interactions set external_id = coalesce(external_id, $2), contact = coalesce(contact, $3),
         started_at = least(started_at, $4) where id = $1`,
      [entry.ix, entry.externalId, entry.contact, at],
    );
  }
  const { rows } = await tx.query(
    `select 1 from interaction_events where interaction_id = $1 and kind = 'opened' limit 1`,
    [entry.ix],
  );
  if (rows.length === 0) {
    await insertInteractionEvent(tx, {
      interactionId: entry.ix,
      at,
      kind: 'opened',
      data: { state: 'self_service', channel: 'phone', direction: 'inbound', journaled: true },
    });
  }
}

/**
 * One statement for a batch of steps; a step already written (its marker) is skipped. Steps of
 * an interaction that does not exist are not written (the others are); their ids are returned
 * and the entry then goes to the dead letters whole (the written rows are skipped on a re-run).
 */
async function applySteps(pool: Pool, id: string, steps: JournalStep[]): Promise<string[]> {
  const ids = [...new Set(steps.map((step) => step.ix))];
  const { rows } = await pool.query<{ id: string }>(
    'select id from interactions where id = any($1::uuid[])',
    [ids],
  );
  const known = new Set(rows.map((row) => row.id));
  await pool.query(
    `insert into interaction_events (interaction_id, at, kind, data)
     select x.ix, to_timestamp(x.at / 1000.0), x.kind, x.data
       from jsonb_to_recordset($1::jsonb) as x(ix uuid, at bigint, kind text, data jsonb)
      where not exists (select 1 from interaction_events e
                         where e.interaction_id = x.ix and e.data->>'journal' = x.data->>'journal')`,
    [
      JSON.stringify(
        steps
          .map((step, index) => ({ ...step, data: { ...step.data, journal: `${id}/${index}` } }))
          .filter((step) => known.has(step.ix)),
      ),
    ],
  );
  return ids.filter((ix) => !known.has(ix));
}
