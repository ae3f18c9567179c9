/** What recordings tell the audit log (R-REC-2); wired to core/audit by the service. */
export interface RecordingAuditEntry {
  userId?: number | null;
  actor: string;
  action:
    | 'recording.play'
    | 'recording.download'
    | 'recording.search'
    | 'recording.purge'
    | 'recording.legal_hold';
  recordingId?: string;
  ip?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export type RecordingAudit = (entry: RecordingAuditEntry) => Promise<void>;
