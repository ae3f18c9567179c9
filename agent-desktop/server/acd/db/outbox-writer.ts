import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { isDatabaseUnavailable, type Pool, type PoolClient } from '../../../../core/db/index.ts';
import type { Logger } from '../../../../core/logging/index.ts';
import type { AcdKeys } from '../keys.ts';
import { foldRecords, type OutboxRecord, parseRecord } from './records.ts';

const GROUP = 'pg';
/** A record pending this long at a writer that went away is taken over by another. */
const CLAIM_IDLE_MS = 30_000;

/**
 * Drains the ACD outbox stream into PostgreSQL in batches: one multi-row insert of
 * interaction_events and one update of interactions' stage times per batch, in one transaction,
 * then XACK + XDEL. Several instances share the work through a consumer group. A batch that
 * fails is retried record by record; a record PostgreSQL refuses goes to the dead-letter stream
 * `{<prefix>:acd}:outdead` with the error, so nothing is lost silently.
 */
export class OutboxWriter {
  private readonly consumer = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private groupReady = false;
  private lastClaim = 0;
  /** PostgreSQL failed under the last batch: its records are read again (pending) before new ones. */
  private retryPending = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly pool: Pool,
    private readonly keys: AcdKeys,
    private readonly options: { batch?: number; logger?: Logger } = {},
  ) {}

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.redis.xgroup('CREATE', this.keys.outbox, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** Writes one batch; returns how many records it wrote. */
  async drainOnce(): Promise<number> {
    try {
      return await this.drainBatch();
    } catch (error) {
      // Redis restarted empty: the stream and its group are gone; make them again.
      if (!String(error).includes('NOGROUP')) throw error;
      this.groupReady = false;
      return this.drainBatch();
    }
  }

  private async drainBatch(): Promise<number> {
    await this.ensureGroup();
    const count = this.options.batch ?? 1_000;
    // Entries a vanished writer left pending are taken over now and then, not on every batch.
    const claimNow = Date.now() - this.lastClaim >= CLAIM_IDLE_MS / 3;
    if (claimNow) this.lastClaim = Date.now();
    type Entries = [string, string[]][];
    const claimed: [string, Entries] = claimNow
      ? ((await this.redis.xautoclaim(
          this.keys.outbox,
          GROUP,
          this.consumer,
          CLAIM_IDLE_MS,
          '0-0',
          'COUNT',
          count,
        )) as [string, Entries])
      : ['0-0', []];
    let entries = claimed[1].filter((entry) => entry?.[1]);
    if (!entries.length) {
      // '0': this consumer's own records still pending (a batch PostgreSQL could not take), in order.
      const reply = (await this.redis.xreadgroup(
        'GROUP',
        GROUP,
        this.consumer,
        'COUNT',
        count,
        'STREAMS',
        this.keys.outbox,
        this.retryPending ? '0' : '>',
      )) as [string, [string, string[]][]][] | null;
      entries = (reply?.[0]?.[1] ?? []).filter((entry) => entry?.[1]);
      if (this.retryPending && !entries.length) {
        this.retryPending = false;
        return this.drainBatch();
      }
    }
    if (!entries.length) return 0;
    const records = entries.map(([id, fields]) => parseRecord(id, fields));
    try {
      await this.write(records);
    } catch (error) {
      // PostgreSQL down: the records stay pending (not dead letters) and are written when it is back.
      if (isDatabaseUnavailable(error)) {
        this.retryPending = true;
        throw error;
      }
      this.options.logger?.warn(
        { err: error, records: records.length },
        'ACD outbox batch failed; writing one by one',
      );
      for (const record of records) {
        try {
          await this.write([record]);
        } catch (single) {
          if (isDatabaseUnavailable(single)) {
            this.retryPending = true;
            throw single;
          }
          await this.redis.xadd(
            `${this.keys.base}outdead`,
            '*',
            'id',
            record.id,
            'error',
            String(single),
            'record',
            JSON.stringify(record),
          );
        }
      }
    }
    const ids = entries.map(([id]) => id);
    await this.redis
      .multi()
      .xack(this.keys.outbox, GROUP, ...ids)
      .xdel(this.keys.outbox, ...ids)
      .exec();
    return records.length;
  }

  /** Drains until the stream is empty (tests, shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.drainOnce(); n > 0; n = await this.drainOnce()) total += n;
    return total;
  }

  start(intervalMs = 50): void {
    const tick = async () => {
      let delay = intervalMs;
      try {
        this.running = this.drain();
        await this.running;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          // Expected during a PostgreSQL restart: the records wait in Redis; try again in a second.
          this.options.logger?.warn(
            { err: error },
            'ACD outbox writer: PostgreSQL unavailable; records kept',
          );
          delay = Math.max(intervalMs, 1_000);
        } else {
          this.options.logger?.error({ err: error }, 'ACD outbox writer failed; retrying');
        }
      }
      if (this.timer) this.timer = setTimeout(tick, delay);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private async write(records: OutboxRecord[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await writeRecords(client, records);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * One batch, three statements. Each takes its rows as ONE JSON document expanded by
 * json_to_recordset: serialising a batch with JSON.stringify is far cheaper for the writer than
 * building one PostgreSQL array literal per column.
 */
async function writeRecords(client: PoolClient, records: OutboxRecord[]): Promise<void> {
  const rows = foldRecords(records);
  const fresh = rows.filter((row) => row.channel !== undefined);
  if (fresh.length) {
    await client.query(
      `insert into interactions (id, channel, state, started_at, topics, priority, queue)
       select u.id, u.channel, 'queued', u.started_at,
              case when u.topics = '' then '{}' else string_to_array(u.topics, ',') end, u.priority, u.queue
       from json_to_recordset($1::json)
         as u(id uuid, channel text, started_at timestamptz, topics text, priority smallint, queue text)
       on conflict (id) do nothing`,
      [
        JSON.stringify(
          fresh.map((r) => ({
            id: r.id,
            channel: r.channel,
            started_at: iso(r.startedAt),
            topics: r.topics ?? '',
            priority: r.priority ?? 0,
            queue: r.queue ?? null,
          })),
        ),
      ],
    );
  }
  await client.query(
    `update interactions i set
       state = coalesce(u.state, i.state), queue = coalesce(u.queue, i.queue),
       priority = coalesce(u.priority, i.priority), agent_id = coalesce(u.agent_id, i.agent_id),
       queued_at = coalesce(u.queued_at, i.queued_at), offered_at = coalesce(u.offered_at, i.offered_at),
       answered_at = coalesce(u.answered_at, i.answered_at), talk_ended_at = coalesce(u.talk_ended_at, i.talk_ended_at),
       wrap_up_ended_at = coalesce(u.wrap_up_ended_at, i.wrap_up_ended_at), closed_at = coalesce(u.closed_at, i.closed_at),
       outcome = coalesce(u.outcome, i.outcome), callback = coalesce(u.callback, i.callback), acd_seq = u.seq
     from json_to_recordset($1::json)
       as u(id uuid, state text, queue text, priority smallint, agent_id bigint, queued_at timestamptz,
            offered_at timestamptz, answered_at timestamptz, talk_ended_at timestamptz, wrap_up_ended_at timestamptz,
            closed_at timestamptz, outcome text, callback boolean, seq bigint)
     where i.id = u.id and (i.acd_seq is null or i.acd_seq < u.seq)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          state: r.state ?? null,
          queue: r.queue ?? null,
          priority: r.priority ?? null,
          agent_id: r.agentId ?? null,
          queued_at: iso(r.queuedAt),
          offered_at: iso(r.offeredAt),
          answered_at: iso(r.answeredAt),
          talk_ended_at: iso(r.talkEndedAt),
          wrap_up_ended_at: iso(r.wrapUpEndedAt),
          closed_at: iso(r.closedAt),
          outcome: r.outcome ?? null,
          callback: r.callback ?? null,
          seq: r.seq,
        })),
      ),
    ],
  );
  await client.query(
    `insert into interaction_events (interaction_id, at, kind, agent_id, queue, data)
     select u.ix, u.at, u.kind, u.agent_id, u.queue, u.data
     from json_to_recordset($1::json) as u(ix uuid, at timestamptz, kind text, agent_id bigint, queue text, data jsonb)`,
    [
      JSON.stringify(
        records.map((r) => ({
          ix: r.ix,
          at: iso(r.at),
          kind: `acd_${r.kind}`,
          agent_id: r.agent ?? null,
          queue: r.queue ?? null,
          data: { ...r.data, seq: r.version },
        })),
      ),
    ],
  );
}
