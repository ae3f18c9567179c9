import type { Pool } from '../../core/db/pool.ts';
import type { AttachmentJob } from './worker.ts';

export type AttachmentOutcome =
  | { status: 'stored'; fileName: string; key: string; size: number; sha256: string; mimeType: string }
  | { status: 'rejected'; fileName: string; reason: string };

/** Writes the attachment's row once per interaction and channel reference; false if it was there. */
export async function insertAttachment(
  pool: Pool,
  job: AttachmentJob,
  outcome: AttachmentOutcome,
): Promise<boolean> {
  const stored = outcome.status === 'stored' ? outcome : undefined;
  const { rowCount } = await pool.query(
    `insert into chat_attachments
       (interaction_id, channel, channel_ref, kind, file_name, mime_type, size_bytes, sha256, storage_key, status, reject_reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (interaction_id, channel_ref) do nothing`,
    [
      job.interactionId,
      job.channel,
      job.ref,
      job.kind,
      outcome.fileName,
      stored?.mimeType ?? null,
      stored?.size ?? job.sizeBytes ?? null,
      stored?.sha256 ?? null,
      stored?.key ?? null,
      outcome.status,
      outcome.status === 'rejected' ? outcome.reason : null,
    ],
  );
  return rowCount === 1;
}

/**
 * Links an interaction's attachments to its appeal. Run after the appeal is registered and after
 * each copied file, so the link is made whichever of the two finishes last.
 */
export async function linkAttachmentsToAppeal(pool: Pool, interactionId: string): Promise<void> {
  await pool.query(
    `update chat_attachments c set appeal_id = a.id
       from (select id from appeals where interaction_id = $1 order by id desc limit 1) a
      where c.interaction_id = $1 and c.appeal_id is null`,
    [interactionId],
  );
}

export interface StoredAttachment {
  id: number;
  appealId: number | null;
  channel: string;
  kind: string;
  fileName: string;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  storageKey: string | null;
  status: 'stored' | 'rejected';
  rejectReason: string | null;
}

/** The attachments of an interaction, oldest first (desktop, appeal card, tests). */
export async function attachmentsOf(pool: Pool, interactionId: string): Promise<StoredAttachment[]> {
  const { rows } = await pool.query(
    `select id, appeal_id as "appealId", channel, kind, file_name as "fileName", mime_type as "mimeType",
            size_bytes as "sizeBytes", sha256, storage_key as "storageKey", status, reject_reason as "rejectReason"
       from chat_attachments where interaction_id = $1 order by id`,
    [interactionId],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    appealId: row.appealId === null ? null : Number(row.appealId),
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  })) as StoredAttachment[];
}
