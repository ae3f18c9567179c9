import { z } from 'zod';
import { retentionConfigSchema } from './services/retention.ts';

const flag = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const recordingsConfigSchema = retentionConfigSchema
  .extend({
    RECORDINGS_STORAGE: z
      .enum(['filesystem', 's3'], { error: 'RECORDINGS_STORAGE must be filesystem or s3' })
      .default('filesystem'),
    RECORDINGS_DIR: z.string().min(1).default('.data/recordings'),
    /** Asterisk's spool folder as this machine sees it (shared disk with Asterisk). */
    ASTERISK_SPOOL_DIR: z.string().min(1).default('/var/spool/asterisk'),
    RECORDINGS_SCAN_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
    RECORDINGS_OPERATORS_OWN_CALLS: flag('RECORDINGS_OPERATORS_OWN_CALLS', true),
    RECORDINGS_REQUIRE_REASON: flag('RECORDINGS_REQUIRE_REASON', false),
    S3_ENDPOINT: z.url({ error: 'S3_ENDPOINT must be a URL' }).optional(),
    S3_REGION: z.string().default('ru-central1'),
    S3_BUCKET: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
  })
  .superRefine((config, context) => {
    if (config.RECORDINGS_STORAGE !== 's3') return;
    for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!config[key])
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is required when RECORDINGS_STORAGE=s3`,
        });
    }
  });

export type RecordingsConfig = z.infer<typeof recordingsConfigSchema>;
