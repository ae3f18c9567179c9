import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * One audit entry: who did what to which personal data or recording, when and from where
 * (R-REC-2, R-SEC-1). Either a user id or a named actor (a service, "system") is required.
 */
export const auditEntrySchema = z
  .object({
    userId: z.number().int().positive().nullish(),
    actor: z.string().min(1).max(200).optional(),
    /** Dotted verb, e.g. `client.view`, `recording.play`, `appeal.answer`. */
    action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'action must look like "subject.verb"'),
    subjectType: z.string().regex(/^[a-z][a-z0-9_]*$/, 'subjectType must be a lower-case word'),
    subjectId: z.union([z.string().min(1), z.number()]).nullish(),
    clientId: z.number().int().positive().nullish(),
    ip: z
      .string()
      .refine((ip) => isIP(ip) !== 0, 'ip must be an IPv4 or IPv6 address')
      .nullish(),
    reason: z.string().max(1000).nullish(),
    details: z.record(z.string(), z.unknown()).optional(),
    /** Defaults to the database's now(); services pass their clock's time. */
    at: z.date().optional(),
  })
  .refine((entry) => entry.userId != null || entry.actor !== undefined, {
    message: 'an audit entry needs a userId or an actor',
    path: ['actor'],
  });
export type AuditEntry = z.input<typeof auditEntrySchema>;
