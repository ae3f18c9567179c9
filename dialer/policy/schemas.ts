import { IANAZone } from 'luxon';
import { z } from 'zod';
import { OUTBOUND_CHANNELS } from '../../core/vocabulary/index.ts';
import { PHONE_MAX_ATTEMPTS, PHONE_RETRY_MAX_MINUTES, PHONE_RETRY_MIN_MINUTES } from './standard.ts';

/** Tunables the standard leaves to the retailer — only inside the standard's bounds. */
export const contactPolicyConfigSchema = z
  .object({
    /** Pause after a negative call; the standard allows 5–30 minutes. */
    phoneRetryDelayMinutes: z
      .number()
      .int()
      .min(
        PHONE_RETRY_MIN_MINUTES,
        `phoneRetryDelayMinutes must be within ${PHONE_RETRY_MIN_MINUTES}–${PHONE_RETRY_MAX_MINUTES}`,
      )
      .max(
        PHONE_RETRY_MAX_MINUTES,
        `phoneRetryDelayMinutes must be within ${PHONE_RETRY_MIN_MINUTES}–${PHONE_RETRY_MAX_MINUTES}`,
      )
      .default(15),
    /** Attempts per contact for calls; the standard caps it at 3. */
    phoneMaxAttempts: z
      .number()
      .int()
      .min(1)
      .max(PHONE_MAX_ATTEMPTS, `phoneMaxAttempts must be at most ${PHONE_MAX_ATTEMPTS}`)
      .default(PHONE_MAX_ATTEMPTS),
  })
  .strict();
export type ContactPolicyConfig = z.infer<typeof contactPolicyConfigSchema>;
export type ContactPolicyConfigInput = z.input<typeof contactPolicyConfigSchema>;

export const timeZoneSchema = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone');

const instantSchema = z.date().refine((date) => !Number.isNaN(date.getTime()), 'invalid instant');

/** Where one contact (client × campaign step × channel) stands after an attempt. */
export const contactStateSchema = z.object({
  channel: z.enum(OUTBOUND_CHANNELS),
  /** The client's own zone: the window is in the client's local time, not the retailer's. */
  timeZone: timeZoneSchema,
  /** Attempts made so far, counting the one whose result is being decided. */
  attemptsMade: z.number().int().min(1),
  /** The campaign's end: nothing is scheduled after it. */
  notAfter: instantSchema.optional(),
});
export type ContactState = z.infer<typeof contactStateSchema>;

/**
 * Positive: phone — the message played to the end or the client confirmed with a key;
 * SMS — a delivery receipt DELIVRD; e-mail — delivered and not bounced (or the goal was met).
 * Everything else is negative.
 */
export const attemptResultSchema = z.object({
  outcome: z.enum(['positive', 'negative']),
});
export type AttemptResult = z.infer<typeof attemptResultSchema>;

export type ContactOutcome = AttemptResult['outcome'];

export type DoneReason = 'positive' | 'attempts_exhausted' | 'single_attempt' | 'campaign_ended';

export type NextAttemptDecision =
  | { action: 'retry'; at: Date; attempt: number }
  | {
      action: 'done';
      outcome: ContactOutcome;
      reason: DoneReason;
      /** The same client is not contacted in this channel before this instant (by any campaign). */
      nextContactNotBefore?: Date;
    };
