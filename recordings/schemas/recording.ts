import { z } from 'zod';

/** Recording ids are platform-made: `rec_` + 32 hex digits. Anything else from a request is refused. */
export const RECORDING_ID_PATTERN = /^rec_[0-9a-f]{32}$/;
export const recordingIdSchema = z.string().max(64).regex(RECORDING_ID_PATTERN, 'not a recording id');

export const RECORDING_FORMATS = [
  'wav',
  'wav16',
  'gsm',
  'ulaw',
  'alaw',
  'sln',
  'mp3',
  'ogg',
  'opus',
] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

/** Browsers play WAV/MP3/OGG; raw telephony formats are served as octet streams for download. */
export const CONTENT_TYPES: Record<RecordingFormat, string> = {
  wav: 'audio/wav',
  wav16: 'audio/wav',
  gsm: 'audio/x-gsm',
  ulaw: 'audio/basic',
  alaw: 'application/octet-stream',
  sln: 'application/octet-stream',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
};

/**
 * Source names come from Asterisk (ARI recording names, MixMonitor file names). They are used
 * only as data — never as a path — but hostile ones are still refused early.
 */
export const sourceNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'recording name may hold letters, digits, ".", "_" and "-" only');

export const searchSchema = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  phone: z
    .string()
    .regex(/^\+?\d{3,15}$/, 'phone: digits with an optional leading +')
    .optional(),
  accountId: z.coerce.number().int().positive().optional(),
  agentId: z.coerce.number().int().positive().optional(),
  appealId: z.coerce.number().int().positive().optional(),
  queue: z
    .string()
    .regex(/^[a-z0-9_-]{1,64}$/)
    .optional(),
  minDurationMs: z.coerce.number().int().min(0).optional(),
  maxDurationMs: z.coerce.number().int().min(0).optional(),
  orphan: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RecordingSearch = z.infer<typeof searchSchema>;

export interface RecordingRow {
  id: string;
  source_name: string;
  storage_key: string;
  format: RecordingFormat;
  size_bytes: number;
  sha256: string;
  interaction_id: string | null;
  orphan: boolean;
  channel_id: string | null;
  caller_number: string | null;
  called_number: string | null;
  account_id: number | null;
  agent_ids: number[];
  appeal_id: number | null;
  queue: string | null;
  started_at: Date;
  duration_ms: number | null;
  ingested_at: Date;
  legal_hold: boolean;
  legal_hold_reason: string | null;
  purged_at: Date | null;
  last_verified_at: Date | null;
  integrity: 'unverified' | 'ok' | 'mismatch' | 'missing';
}
