import { recordAudit } from '../../core/audit/index.ts';
import type { Queryable } from '../../core/db/pool.ts';
import type { RecordingAudit } from '../services/audit-port.ts';

/** Recordings' audit entries as rows of the shared audit log (R-REC-2). */
export function auditLogWriter(db: Queryable): RecordingAudit {
  return async (entry) => {
    await recordAudit(db, {
      userId: entry.userId ?? null,
      actor: entry.actor,
      action: entry.action,
      subjectType: 'recording',
      subjectId: entry.recordingId ?? null,
      ip: entry.ip ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? {},
    });
  };
}
