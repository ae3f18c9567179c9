import type { ChainableCommander, Redis } from 'ioredis';
import type { Pool } from '../../core/db/pool.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { type DurableChange, type DurableOpen, writeChanges, writeOpens } from './durable.ts';
import type { ChatKeys } from './keys.ts';
import type { Attachment } from './types.ts';

export type Speaker = 'client' | 'bot' | 'operator';

export interface TranscriptLine {
  interactionId: string;
  at: number;
  from: Speaker;
  text: string;
  attachments?: Attachment[];
  agentId?: string;
}

/**
 * A turn's lines go in one stream entry (one command per turn, not per line). An interaction
 * opened while PostgreSQL was down travels with each entry of its lines (`o`), its queued
 * changes too (`c`): whichever writer reads an entry can write it whole, in order.
 */
export function appendTranscript(
  multi: ChainableCommander,
  keys: ChatKeys,
  lines: TranscriptLine[],
  durable: { opens: DurableOpen[]; changes: DurableChange[] } = { opens: [], changes: [] },
): void {
  if (!lines.length && !durable.changes.length) return;
  const fields = ['l', JSON.stringify(lines)];
  if (durable.opens.length) fields.push('o', JSON.stringify(durable.opens));
  if (durable.changes.length) fields.push('c', JSON.stringify(durable.changes));
  multi.xadd(keys.transcript, '*', ...fields);
}

interface Entry {
  lines: TranscriptLine[];
  opens: DurableOpen[];
  changes: DurableChange[];
}

function parseEntry(fields: string[]): Entry {
  const entry: Entry = { lines: [], opens: [], changes: [] };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = JSON.parse(fields[i + 1]!);
    if (fields[i] === 'l') entry.lines = value;
    else if (fields[i] === 'o') entry.opens = value;
    else if (fields[i] === 'c') entry.changes = value;
  }
  return entry;
}

const GROUP = 'pg';

/**
 * Moves transcript lines from the Redis stream into `interaction_events` (kind `chat.message`) in
 * batches, the way the ACD's outbox writer does: a turn never waits for PostgreSQL, and a line is
 * acknowledged only after its batch is committed (a crashed writer's lines are claimed again).
 */
export class TranscriptWriter {
  private running = false;
  private loop: Promise<void> | undefined;
  written = 0;

  constructor(
    private readonly redis: Redis,
    private readonly pool: Pool,
    private readonly keys: ChatKeys,
    private readonly logger: Logger,
    private readonly options: {
      consumer: string;
      batch?: number;
      blockMs?: number;
      /** After a batch that was not full, lines gather this long before the next one (fewer, larger inserts). */
      gatherMs?: number;
      /** Lines another writer took and left unacknowledged this long are taken over (it died). */
      reclaimIdleMs?: number;
      /** How often to look for such lines: a writer that died after this one started leaves them too. */
      reclaimEveryMs?: number;
      /** Pause after a failed batch before it is tried again. */
      retryMs?: number;
    } = {
      consumer: 'chatbot',
    },
  ) {}

  async start(): Promise<void> {
    await this.redis.xgroup('CREATE', this.keys.transcript, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) throw error;
    });
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    // Lines another writer took but never acknowledged (it died) come first, and are looked for
    // again every reclaimEveryMs: an instance killed while this one runs leaves its lines pending
    // under its own consumer name, which nobody reads again.
    let reclaim = true;
    let reclaimedAt = Date.now();
    // After a failed batch (PostgreSQL down) this writer's own unacknowledged entries are written
    // again before any newer one: an interaction's row and its first lines stay ahead of the rest.
    let retryOwn = false;
    while (this.running) {
      try {
        if (retryOwn) {
          retryOwn = (await this.drainOwnPending()) > 0;
          continue;
        }
        if (!reclaim && Date.now() - reclaimedAt >= (this.options.reclaimEveryMs ?? 30_000)) reclaim = true;
        const written = reclaim ? await this.reclaim() : await this.drainOnce();
        if (reclaim && written === 0) {
          reclaim = false;
          reclaimedAt = Date.now();
        }
        // A busy chat writes one insert per gathering period instead of one per few turns; the
        // lines wait in the stream meanwhile, as durable as after the insert.
        else if (!reclaim && written > 0 && written < this.batchSize && this.running)
          await new Promise((resolve) => setTimeout(resolve, this.options.gatherMs ?? 100));
      } catch (error) {
        retryOwn = true;
        this.logger.warn({ err: error }, 'chat transcript: a batch failed, will retry');
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 500));
      }
    }
  }

  private get batchSize(): number {
    return this.options.batch ?? 500;
  }

  /** Reads one batch (blocking briefly) and writes it. Returns the entries written. */
  async drainOnce(): Promise<number> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      GROUP,
      this.options.consumer,
      'COUNT',
      this.batchSize,
      'BLOCK',
      this.options.blockMs ?? 200,
      'STREAMS',
      this.keys.transcript,
      '>',
    )) as [string, [string, string[]][]][] | null;
    return reply ? this.write(reply[0]![1]) : 0;
  }

  /** This writer's entries read but not acknowledged (their batch failed), oldest first. Returns the entries written. */
  private async drainOwnPending(): Promise<number> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      GROUP,
      this.options.consumer,
      'COUNT',
      this.batchSize,
      'STREAMS',
      this.keys.transcript,
      '0',
    )) as [string, [string, string[] | null][]][] | null;
    // An entry deleted while pending comes back without fields: nothing left to write.
    const entries = (reply?.[0]?.[1] ?? []).filter((entry): entry is [string, string[]] => entry[1] !== null);
    const gone = (reply?.[0]?.[1] ?? []).filter(([, fields]) => fields === null).map(([id]) => id);
    if (gone.length) await this.redis.xack(this.keys.transcript, GROUP, ...gone);
    await this.write(entries);
    return entries.length + gone.length;
  }

  private async reclaim(): Promise<number> {
    const [, entries] = (await this.redis.xautoclaim(
      this.keys.transcript,
      GROUP,
      this.options.consumer,
      this.options.reclaimIdleMs ?? 60_000,
      '0',
      'COUNT',
      this.batchSize,
    )) as [string, [string, string[]][]];
    return this.write(entries);
  }

  private async write(entries: [string, string[]][]): Promise<number> {
    if (entries.length === 0) return 0;
    const parsed = entries.map(([, fields]) => parseEntry(fields));
    const lines = parsed.flatMap((entry) => entry.lines);
    // Rows first (idempotent), then their changes (a close applied twice is no error), then the
    // lines in one statement — the only step that must not run twice, and the last one.
    await writeOpens(
      this.pool,
      parsed.flatMap((entry) => entry.opens),
    );
    await writeChanges(
      this.pool,
      parsed.flatMap((entry) => entry.changes),
      this.logger,
    );
    if (lines.length)
      await this.pool.query(
        `insert into interaction_events (interaction_id, at, kind, agent_id, data)
       select x.ix, to_timestamp(x.at / 1000.0), 'chat.message', x.agent, x.data
         from jsonb_to_recordset($1::jsonb) as x(ix uuid, at bigint, agent bigint, data jsonb)
        where exists (select 1 from interactions i where i.id = x.ix)`,
        [
          JSON.stringify(
            lines.map((line) => ({
              ix: line.interactionId,
              at: line.at,
              agent: line.agentId ? Number(line.agentId) : null,
              data: {
                from: line.from,
                text: line.text,
                ...(line.attachments ? { attachments: line.attachments } : {}),
              },
            })),
          ),
        ],
      );
    // Acknowledged and deleted only once written: unacknowledged lines of other writers stay.
    const ids = entries.map(([id]) => id);
    await this.redis
      .multi()
      .xack(this.keys.transcript, GROUP, ...ids)
      .xdel(this.keys.transcript, ...ids)
      .exec();
    this.written += lines.length;
    return entries.length;
  }
}
