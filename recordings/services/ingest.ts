import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Pool } from '../../core/db/pool.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { findBySourceName, insertRecording } from '../db/repository.ts';
import { RecordingConflictError } from '../exceptions.ts';
import {
  RECORDING_FORMATS,
  type RecordingFormat,
  type RecordingRow,
  sourceNameSchema,
} from '../schemas/recording.ts';
import { hashStream } from '../storage/hashing.ts';
import type { RecordingStorage } from '../storage/storage.ts';
import { wavDurationMs } from './wav.ts';

export interface IngestRequest {
  /** Absolute path of the finished file in Asterisk's spool. */
  sourcePath: string;
  /** ARI recording name or spool file name without extension; the idempotency key. */
  sourceName: string;
  format: string;
  /** The recorded channel (ARI `target_uri` channel id), to find the call when the name does not tell. */
  channelId?: string;
  startedAt?: Date;
}

export interface IngestResult {
  recording: RecordingRow;
  /** False when this source had been ingested before (a retry after a crash). */
  created: boolean;
}

/** The IVR names call recordings `call-<interaction uuid>[-suffix]`. */
const CALL_NAME = /^call-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

export function recordingIdFor(sourceName: string): string {
  return `rec_${createHash('sha256').update(sourceName).digest('hex').slice(0, 32)}`;
}

export function storageKeyFor(id: string, format: RecordingFormat, startedAt: Date): string {
  const day = startedAt.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/${id}.${format === 'wav16' ? 'wav' : format}`;
}

interface CallFacts {
  interaction_id: string;
  started_at: Date;
  contact: string | null;
  account_id: number | null;
  appeal_id: number | null;
  queue: string | null;
  agent_ids: number[];
  external_id: string | null;
}

/**
 * Moves a finished recording from the spool into storage, checksummed and linked to its call.
 * Order makes a crash at any point safe: store (atomic) → insert row (once per source name) →
 * delete the spool file. A re-run after a crash finds the row, checks the hash and finishes;
 * a file with no known call is kept and flagged as an orphan, never dropped.
 */
export class RecordingIngest {
  constructor(
    private readonly pool: Pool,
    private readonly storage: RecordingStorage,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async ingest(request: IngestRequest): Promise<IngestResult> {
    const sourceName = sourceNameSchema.parse(request.sourceName);
    try {
      return await this.ingestOnce(request, sourceName);
    } catch (error) {
      // Two paths may ingest one file at once (the live RecordingFinished and a recovery sweep):
      // the one that finishes first removes the spool file. Its row tells the file is stored.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const existing = await findBySourceName(this.pool, sourceName);
      if (!existing) throw error;
      return { recording: existing, created: false };
    }
  }

  private async ingestOnce(request: IngestRequest, sourceName: string): Promise<IngestResult> {
    const format = parseFormat(request.format);
    const id = recordingIdFor(sourceName);

    const existing = await findBySourceName(this.pool, sourceName);
    if (existing) {
      const { sha256 } = await hashStream(createReadStream(request.sourcePath));
      if (sha256 !== existing.sha256) throw new RecordingConflictError(sourceName);
      await rm(request.sourcePath, { force: true });
      return { recording: existing, created: false };
    }

    const call = await this.findCall(sourceName, request.channelId);
    const fileStat = await stat(request.sourcePath);
    const startedAt = call?.started_at ?? request.startedAt ?? fileStat.mtime;
    const durationMs = format.startsWith('wav') ? ((await wavDurationMs(request.sourcePath)) ?? null) : null;
    const storageKey = storageKeyFor(id, format, startedAt);
    const stored = await this.storage.putFile(storageKey, request.sourcePath);

    const { row, created } = await insertRecording(this.pool, {
      id,
      sourceName,
      storageKey,
      format,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      interactionId: call?.interaction_id ?? null,
      orphan: call === undefined,
      channelId: request.channelId ?? call?.external_id ?? null,
      callerNumber: call?.contact ?? null,
      calledNumber: null,
      accountId: call?.account_id ?? null,
      agentIds: call?.agent_ids ?? [],
      appealId: call?.appeal_id ?? null,
      queue: call?.queue ?? null,
      startedAt,
      durationMs,
      ingestedAt: this.clock.now(),
    });
    if (call) {
      await this.pool.query(
        'update interactions set recording_id = $1 where id = $2 and recording_id is null',
        [row.id, call.interaction_id],
      );
    } else {
      this.logger.warn({ recordingId: row.id }, 'recording with no known call kept and flagged as orphan');
    }
    await rm(request.sourcePath, { force: true });
    return { recording: row, created };
  }

  private async findCall(sourceName: string, channelId?: string): Promise<CallFacts | undefined> {
    const byName = CALL_NAME.exec(sourceName)?.[1];
    if (!byName && !channelId) return undefined;
    const { rows } = await this.pool.query<CallFacts>(
      `select i.id as interaction_id, i.started_at, i.contact, i.account_id, i.appeal_id, i.queue, i.external_id,
         coalesce((select array_agg(distinct a) from (
           select i.agent_id as a where i.agent_id is not null
           union select e.agent_id from interaction_events e where e.interaction_id = i.id and e.agent_id is not null
         ) agents), '{}') as agent_ids
       from interactions i
       where ($1::uuid is not null and i.id = $1::uuid) or ($1::uuid is null and i.external_id = $2)
       order by i.started_at desc limit 1`,
      [byName ?? null, channelId ?? null],
    );
    return rows[0];
  }
}

function parseFormat(format: string): RecordingFormat {
  if ((RECORDING_FORMATS as readonly string[]).includes(format)) return format as RecordingFormat;
  throw new RangeError(`unsupported recording format: ${JSON.stringify(format).slice(0, 40)}`);
}
