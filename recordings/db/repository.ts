import type { Queryable } from '../../core/db/pool.ts';
import type { RecordingRow, RecordingSearch } from '../schemas/recording.ts';

export interface NewRecording {
  id: string;
  sourceName: string;
  storageKey: string;
  format: string;
  sizeBytes: number;
  sha256: string;
  interactionId: string | null;
  orphan: boolean;
  channelId: string | null;
  callerNumber: string | null;
  calledNumber: string | null;
  accountId: number | null;
  agentIds: number[];
  appealId: number | null;
  queue: string | null;
  startedAt: Date;
  durationMs: number | null;
  ingestedAt: Date;
}

/** Inserts once per source name; a repeated ingest of the same source returns the existing row. */
export async function insertRecording(
  db: Queryable,
  r: NewRecording,
): Promise<{ row: RecordingRow; created: boolean }> {
  const inserted = await db.query<RecordingRow>(
    `insert into recordings (id, source_name, storage_key, format, size_bytes, sha256, interaction_id, orphan,
       channel_id, caller_number, called_number, account_id, agent_ids, appeal_id, queue, started_at, duration_ms, ingested_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
     on conflict (source_name) do nothing returning *`,
    [
      r.id,
      r.sourceName,
      r.storageKey,
      r.format,
      r.sizeBytes,
      r.sha256,
      r.interactionId,
      r.orphan,
      r.channelId,
      r.callerNumber,
      r.calledNumber,
      r.accountId,
      r.agentIds,
      r.appealId,
      r.queue,
      r.startedAt,
      r.durationMs,
      r.ingestedAt,
    ],
  );
  if (inserted.rows[0]) return { row: inserted.rows[0], created: true };
  const existing = await db.query<RecordingRow>('select * from recordings where source_name = $1', [
    r.sourceName,
  ]);
  return { row: existing.rows[0]!, created: false };
}

export async function findRecording(db: Queryable, id: string): Promise<RecordingRow | undefined> {
  const { rows } = await db.query<RecordingRow>('select * from recordings where id = $1', [id]);
  return rows[0];
}

export async function findBySourceName(db: Queryable, sourceName: string): Promise<RecordingRow | undefined> {
  const { rows } = await db.query<RecordingRow>('select * from recordings where source_name = $1', [
    sourceName,
  ]);
  return rows[0];
}

export interface SearchPage {
  items: RecordingRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** Search for the desktop; `visibleToAgent` limits an operator to calls they took part in. */
export async function searchRecordings(
  db: Queryable,
  search: RecordingSearch,
  visibleToAgent?: number,
): Promise<SearchPage> {
  const where: string[] = ['purged_at is null'];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replaceAll('$?', `$${params.length}`));
  };
  if (search.from) add('started_at >= $?', search.from);
  if (search.to) add('started_at < $?', search.to);
  if (search.phone) add('(caller_number = $? or called_number = $?)', search.phone);
  if (search.accountId) add('account_id = $?', search.accountId);
  if (search.agentId) add('$? = any(agent_ids)', search.agentId);
  if (search.appealId) add('appeal_id = $?', search.appealId);
  if (search.queue) add('queue = $?', search.queue);
  if (search.minDurationMs !== undefined) add('duration_ms >= $?', search.minDurationMs);
  if (search.maxDurationMs !== undefined) add('duration_ms <= $?', search.maxDurationMs);
  if (search.orphan !== undefined) add('orphan = $?', search.orphan);
  if (visibleToAgent !== undefined) add('$? = any(agent_ids)', visibleToAgent);
  const clause = where.join(' and ');
  const total = await db.query<{ count: number }>(
    `select count(*)::int as count from recordings where ${clause}`,
    params,
  );
  const offset = (search.page - 1) * search.pageSize;
  const items = await db.query<RecordingRow>(
    `select * from recordings where ${clause} order by started_at desc, id limit ${search.pageSize} offset ${offset}`,
    params,
  );
  return {
    items: items.rows,
    total: total.rows[0]?.count ?? 0,
    page: search.page,
    pageSize: search.pageSize,
  };
}
