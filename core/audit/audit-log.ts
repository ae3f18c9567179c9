import type { Queryable } from '../db/pool.ts';
import { type AuditEntry, auditEntrySchema } from './schemas.ts';

export class AuditEntryError extends Error {
  override name = 'AuditEntryError';
}

export interface AuditRecord {
  id: number;
  at: Date;
  userId: number | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  clientId: number | null;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

/**
 * Appends one entry to the audit log. Pass the transaction client when the audited change is
 * in one, so the entry and the change commit or roll back together.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<number> {
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) {
    throw new AuditEntryError(
      `invalid audit entry: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  const { rows } = await db.query<{ id: number }>(
    `insert into audit_log (at, user_id, actor, action, subject_type, subject_id, client_id, ip, reason, details)
     values (coalesce($1, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10)
     returning id`,
    [
      e.at ?? null,
      e.userId ?? null,
      e.actor ?? `user:${e.userId}`,
      e.action,
      e.subjectType,
      e.subjectId == null ? null : String(e.subjectId),
      e.clientId ?? null,
      e.ip ?? null,
      e.reason ?? null,
      e.details ?? {},
    ],
  );
  return rows[0]!.id;
}

/** The trail of one subject, oldest first (for reviews and tests). */
export async function auditTrail(
  db: Queryable,
  subjectType: string,
  subjectId: string,
): Promise<AuditRecord[]> {
  const { rows } = await db.query(
    `select id, at, user_id, actor, action, subject_type, subject_id, client_id, host(ip) as ip, reason, details
       from audit_log where subject_type = $1 and subject_id = $2 order by at, id`,
    [subjectType, subjectId],
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    userId: row.user_id,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    clientId: row.client_id,
    ip: row.ip,
    reason: row.reason,
    details: row.details,
  }));
}
