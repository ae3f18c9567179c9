export { AuditEntryError, type AuditRecord, auditTrail, recordAudit } from './audit-log.ts';
export { type AuditEntry, auditEntrySchema } from './schemas.ts';
