import { z } from 'zod';
import { port } from '../../core/config/schema.ts';

const flag = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const desktopConfigSchema = z.object({
  DESKTOP_HOST: z.string().default('127.0.0.1'),
  DESKTOP_PORT: port('DESKTOP_PORT', 8080),
  /** Secure cookies need HTTPS, except on localhost where browsers allow them over HTTP. */
  DESKTOP_COOKIE_SECURE: flag('DESKTOP_COOKIE_SECURE', true),
  /** A session ends after this much inactivity… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** …and in any case after this long (a shift). */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Wrong passwords in a row before the account is locked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(20).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Login attempts per client address per minute, whatever the account. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  /** Tries of one appeal answer send before it shows as failed (the operator may retry). */
  APPEAL_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First pause between tries of an appeal answer send; doubles each try. */
  APPEAL_DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
});

export type DesktopConfig = z.infer<typeof desktopConfigSchema>;
