import { z } from 'zod';

/** Settings every process reads. Capabilities extend this with their own (see `loadConfig`). */
export const baseConfigSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (postgres://user@host:port/db)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://'),
  REDIS_URL: z
    .string({ error: 'REDIS_URL is required (redis://host:port)' })
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The retailer's local time zone; the standard's hours and deadlines are in it. */
  HOTLINE_TZ: z
    .string()
    .default('Asia/Krasnoyarsk')
    .refine((tz) => isValidTimeZone(tz), 'HOTLINE_TZ must be an IANA time zone, e.g. Asia/Krasnoyarsk'),
  /** Prefix of every Redis key and BullMQ queue, so several deployments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/i, 'REDIS_PREFIX: 1-32 letters, digits, "-" or "_"')
    .default('hotline'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const port = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a TCP port number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must be 0-65535`)
    .max(65535, `${name} must be 0-65535`)
    .default(fallback);
