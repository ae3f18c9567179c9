import type { Queryable } from '../../core/db/pool.ts';
import type { RecordingAudit } from '../services/audit-port.ts';

/** Recordings' audit entries as rows of the shared audit log (R-REC-2). */
export function auditLogWriter(db: Queryable): RecordingAudit {
  return async (entry) => {
    await db.query(
      `insert into audit_log (user_id, actor, action, subject_type, subject_id, ip, reason, details)
       values ($1, $2, $3, 'recording', $4, $5, $6, $7)`,
      [
        entry.userId ?? null,
        entry.actor,
        entry.action,
        entry.recordingId ?? null,
        entry.ip ?? null,
        entry.reason ?? null,
        entry.details ?? {},
      ],
    );
  };
}
