import type { z } from 'zod';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import { type HolidayCalendar, productionHolidays } from './calendar.ts';
import { ContactPolicyError } from './errors.ts';
import {
  type AttemptResult,
  attemptResultSchema,
  type ContactPolicyConfig,
  type ContactPolicyConfigInput,
  type ContactState,
  contactPolicyConfigSchema,
  contactStateSchema,
  type NextAttemptDecision,
} from './schemas.ts';
import {
  EMAIL_REPEAT_DAYS,
  PHONE_CALL_MAX_MS,
  PHONE_SPACING_AFTER_POSITIVE_DAYS,
  SMS_REPEAT_DAYS,
} from './standard.ts';
import { isAllowedInstant, nextAllowedInstant, plusLocalDays } from './window.ts';

/** Channels bound to the 10:00–20:00, no-holiday window (R-DLR-3). */
const WINDOWED_CHANNELS: ReadonlySet<OutboundChannel> = new Set(['phone', 'sms']);

/** Days between a positive contact and the next one in the same channel. */
const SPACING_AFTER_POSITIVE_DAYS: Partial<Record<OutboundChannel, number>> = {
  phone: PHONE_SPACING_AFTER_POSITIVE_DAYS,
  sms: SMS_REPEAT_DAYS,
  email: EMAIL_REPEAT_DAYS,
};

export interface FirstAttemptInput {
  channel: OutboundChannel;
  timeZone: string;
  /** When the campaign wants the contact made. */
  due: Date;
  /** From an earlier positive contact in this channel (`nextContactNotBefore`). */
  notBefore?: Date;
}

export interface ContactPolicy {
  readonly config: ContactPolicyConfig;
  isAllowedInstant(at: Date, timeZone: string): boolean;
  nextAllowedInstant(at: Date, timeZone: string): Date;
  firstAttemptAt(input: FirstAttemptInput): Date;
  decideNextAttempt(state: ContactState, result: AttemptResult, now: Date): NextAttemptDecision;
  /** The instant an answered informing call must be hung up at the latest. */
  callHangupAt(answeredAt: Date): Date;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`);
  throw new ContactPolicyError(`invalid ${what}: ${problems.join('; ')}`);
}

/**
 * The one contact policy of the dialer; pure — time comes in as `now`, holidays as `calendar`
 * (the production calendar of core/calendar unless a test or a retailer injects another).
 */
export function createContactPolicy(
  deps: { calendar?: HolidayCalendar; config?: ContactPolicyConfigInput } = {},
): ContactPolicy {
  const calendar = deps.calendar ?? productionHolidays();
  const config = parseOrThrow(contactPolicyConfigSchema, deps.config ?? {}, 'contact policy config');

  const windowed = (channel: OutboundChannel, at: Date, timeZone: string): Date =>
    WINDOWED_CHANNELS.has(channel) ? nextAllowedInstant(at, timeZone, calendar) : at;

  function retryInstant(state: ContactState, now: Date): Date | undefined {
    switch (state.channel) {
      case 'phone':
        if (state.attemptsMade >= config.phoneMaxAttempts) return undefined;
        return windowed(
          'phone',
          new Date(now.getTime() + config.phoneRetryDelayMinutes * 60_000),
          state.timeZone,
        );
      case 'sms':
        return windowed('sms', plusLocalDays(now, SMS_REPEAT_DAYS, state.timeZone), state.timeZone);
      case 'email':
        return plusLocalDays(now, EMAIL_REPEAT_DAYS, state.timeZone);
      default:
        // Push and online-account notices are stored once per campaign step; no repeats.
        return undefined;
    }
  }

  return {
    config,
    isAllowedInstant: (at, timeZone) => isAllowedInstant(at, timeZone, calendar),
    nextAllowedInstant: (at, timeZone) => nextAllowedInstant(at, timeZone, calendar),

    firstAttemptAt(input) {
      const earliest = input.notBefore && input.notBefore > input.due ? input.notBefore : input.due;
      return windowed(input.channel, earliest, input.timeZone);
    },

    decideNextAttempt(rawState, rawResult, now) {
      const state = parseOrThrow(contactStateSchema, rawState, 'contact state');
      const result = parseOrThrow(attemptResultSchema, rawResult, 'attempt result');
      if (Number.isNaN(now.getTime())) throw new ContactPolicyError('invalid instant: now');
      if (state.channel === 'phone' && state.attemptsMade > config.phoneMaxAttempts) {
        throw new ContactPolicyError(
          `contact state: ${state.attemptsMade} calls made, more than the allowed ${config.phoneMaxAttempts}`,
        );
      }

      if (result.outcome === 'positive') {
        const spacing = SPACING_AFTER_POSITIVE_DAYS[state.channel];
        return {
          action: 'done',
          outcome: 'positive',
          reason: 'positive',
          ...(spacing === undefined
            ? {}
            : { nextContactNotBefore: plusLocalDays(now, spacing, state.timeZone) }),
        };
      }

      const at = retryInstant(state, now);
      if (at === undefined) {
        const reason = state.channel === 'phone' ? 'attempts_exhausted' : 'single_attempt';
        return { action: 'done', outcome: 'negative', reason };
      }
      if (state.notAfter && at > state.notAfter) {
        return { action: 'done', outcome: 'negative', reason: 'campaign_ended' };
      }
      return { action: 'retry', at, attempt: state.attemptsMade + 1 };
    },

    callHangupAt: (answeredAt) => new Date(answeredAt.getTime() + PHONE_CALL_MAX_MS),
  };
}
