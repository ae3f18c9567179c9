import { attachmentsOf } from '../../../../chatbot/attachments/records.ts';
import type { Pool } from '../../../../core/db/pool.ts';

/** Channel reference → stored attachment id, for the files of one chat the platform keeps a copy of. */
export async function storedAttachmentIds(pool: Pool, ix: string): Promise<Map<string, number>> {
  const rows = await pool.query<{ id: string; channel_ref: string }>(
    `select id, channel_ref from chat_attachments where interaction_id = $1 and status = 'stored'`,
    [ix],
  );
  return new Map(rows.rows.map((row) => [row.channel_ref, Number(row.id)]));
}

/** One stored file of the chat (undefined: not this chat's, unknown, or refused by the limits). */
export async function storedAttachment(pool: Pool, ix: string, id: number) {
  const file = (await attachmentsOf(pool, ix)).find((a) => a.id === id);
  return file?.status === 'stored' && file.storageKey ? { ...file, storageKey: file.storageKey } : undefined;
}
