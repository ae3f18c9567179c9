import { describe, expect, it } from 'vitest';
import { productionHolidays } from '../calendar.ts';
import { createContactPolicy } from '../decide.ts';
import { ContactPolicyError } from '../errors.ts';

/** The real production calendar (core/calendar data): holidays and the weekdays off they bring. */
const calendar = productionHolidays();

const MOSCOW = 'Europe/Moscow';
const KRASNOYARSK = 'Asia/Krasnoyarsk';
const at = (iso: string) => new Date(iso);
const negative = { outcome: 'negative' } as const;
const positive = { outcome: 'positive' } as const;

describe('phone (R-DLR-4)', () => {
  const policy = createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: 15 } });
  const phone = (attemptsMade: number) => ({ channel: 'phone' as const, timeZone: MOSCOW, attemptsMade });

  it('negative ×3 then stop: the third call is the last', () => {
    const now = at('2026-11-27T10:00:00.000Z'); // 13:00 Moscow
    expect(policy.decideNextAttempt(phone(1), negative, now)).toEqual({
      action: 'retry',
      at: at('2026-11-27T10:15:00.000Z'),
      attempt: 2,
    });
    expect(policy.decideNextAttempt(phone(2), negative, now)).toEqual({
      action: 'retry',
      at: at('2026-11-27T10:15:00.000Z'),
      attempt: 3,
    });
    expect(policy.decideNextAttempt(phone(3), negative, now)).toEqual({
      action: 'done',
      outcome: 'negative',
      reason: 'attempts_exhausted',
    });
    expect(() => policy.decideNextAttempt(phone(4), negative, now)).toThrow(/4 calls made/);
  });

  it('a retry that would land at 20:00 goes to 10:00 next day; 19:59:59 stays', () => {
    const quick = createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: 5 } });
    expect(quick.decideNextAttempt(phone(1), negative, at('2026-11-27T16:54:59.000Z'))).toMatchObject({
      action: 'retry',
      at: at('2026-11-27T16:59:59.000Z'),
    });
    expect(quick.decideNextAttempt(phone(1), negative, at('2026-11-27T16:55:00.000Z'))).toMatchObject({
      action: 'retry',
      at: at('2026-11-28T07:00:00.000Z'),
    });
  });

  it('the retry delay is configurable only within 5–30 minutes', () => {
    const now = at('2026-11-27T10:00:00.000Z');
    const five = createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: 5 } });
    const thirty = createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: 30 } });
    expect(five.decideNextAttempt(phone(1), negative, now)).toMatchObject({
      at: at('2026-11-27T10:05:00.000Z'),
    });
    expect(thirty.decideNextAttempt(phone(1), negative, now)).toMatchObject({
      at: at('2026-11-27T10:30:00.000Z'),
    });
    expect(() => createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: 4 } })).toThrow(
      /phoneRetryDelayMinutes must be within 5–30/,
    );
    expect(() => createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: 31 } })).toThrow(
      /phoneRetryDelayMinutes must be within 5–30/,
    );
    expect(() => createContactPolicy({ calendar, config: { phoneMaxAttempts: 4 } })).toThrow(/at most 3/);
  });

  it('positive: no further call to that client for 7 days', () => {
    const now = at('2026-11-27T10:00:00.000Z');
    const decision = policy.decideNextAttempt(phone(2), positive, now);
    expect(decision).toEqual({
      action: 'done',
      outcome: 'positive',
      reason: 'positive',
      nextContactNotBefore: at('2026-12-04T10:00:00.000Z'),
    });
    const notBefore = decision.action === 'done' ? decision.nextContactNotBefore : undefined;
    const firstAt = (due: string) =>
      policy.firstAttemptAt({ channel: 'phone', timeZone: MOSCOW, due: at(due), notBefore });
    expect(firstAt('2026-12-04T09:59:59.999Z')).toEqual(at('2026-12-04T10:00:00.000Z'));
    expect(firstAt('2026-12-04T10:00:00.001Z')).toEqual(at('2026-12-04T10:00:00.001Z'));
  });

  it('a call is hung up 5 minutes after answer at the latest', () => {
    expect(policy.callHangupAt(at('2026-11-27T10:00:00.000Z'))).toEqual(at('2026-11-27T10:05:00.000Z'));
  });
});

describe('SMS (R-DLR-5): daily until a delivery receipt, inside the window', () => {
  const policy = createContactPolicy({ calendar });
  const sms = (attemptsMade: number, timeZone = KRASNOYARSK) => ({
    channel: 'sms' as const,
    timeZone,
    attemptsMade,
  });

  it('repeats the next day at the same local time, with no cap on days', () => {
    let now = at('2026-11-20T05:00:00.000Z'); // 12:00 in Krasnoyarsk
    for (let attempt = 1; attempt <= 10; attempt++) {
      const decision = policy.decideNextAttempt(sms(attempt), negative, now);
      expect(decision).toMatchObject({ action: 'retry', attempt: attempt + 1 });
      if (decision.action !== 'retry') throw new Error('expected a retry');
      expect(decision.at.getTime() - now.getTime()).toBe(24 * 3600_000);
      now = decision.at;
    }
  });

  it('skips a holiday: a failure on 3 November resends on 5 November at 10:00', () => {
    const decision = policy.decideNextAttempt(sms(1), negative, at('2026-11-03T12:30:00.000Z')); // 19:30 local
    expect(decision).toMatchObject({ action: 'retry', at: at('2026-11-05T03:00:00.000Z') });
  });

  it('stops on a delivery receipt and spaces the next SMS by a day', () => {
    expect(policy.decideNextAttempt(sms(3), positive, at('2026-11-20T05:00:00.000Z'))).toEqual({
      action: 'done',
      outcome: 'positive',
      reason: 'positive',
      nextContactNotBefore: at('2026-11-21T05:00:00.000Z'),
    });
  });

  it('stops when the next day is past the campaign end', () => {
    const state = { ...sms(1), notAfter: at('2026-11-21T04:59:59.999Z') };
    expect(policy.decideNextAttempt(state, negative, at('2026-11-20T05:00:00.000Z'))).toEqual({
      action: 'done',
      outcome: 'negative',
      reason: 'campaign_ended',
    });
    const later = { ...sms(1), notAfter: at('2026-11-21T05:00:00.000Z') };
    expect(policy.decideNextAttempt(later, negative, at('2026-11-20T05:00:00.000Z'))).toMatchObject({
      action: 'retry',
    });
  });
});

describe('e-mail (R-DLR-5) and push', () => {
  const policy = createContactPolicy({ calendar });

  it('e-mail repeats every 7 days, not bound to the window or holidays', () => {
    const state = { channel: 'email' as const, timeZone: MOSCOW, attemptsMade: 1 };
    // 23:30 Moscow on 28 December: e-mail ignores the window; 4 January 2027 is a holiday.
    expect(policy.decideNextAttempt(state, negative, at('2026-12-28T20:30:00.000Z'))).toEqual({
      action: 'retry',
      at: at('2027-01-04T20:30:00.000Z'),
      attempt: 2,
    });
    expect(
      policy.firstAttemptAt({ channel: 'email', timeZone: MOSCOW, due: at('2027-01-01T00:00:00.000Z') }),
    ).toEqual(at('2027-01-01T00:00:00.000Z'));
  });

  it('push is sent once per campaign step', () => {
    const state = { channel: 'push' as const, timeZone: MOSCOW, attemptsMade: 1 };
    expect(policy.decideNextAttempt(state, negative, at('2026-11-27T10:00:00.000Z'))).toEqual({
      action: 'done',
      outcome: 'negative',
      reason: 'single_attempt',
    });
  });

  it('rejects a bad state with a clear error', () => {
    const bad = { channel: 'fax', timeZone: 'Mars/Olympus', attemptsMade: 0 };
    // @ts-expect-error — deliberately wrong input from an untyped caller
    const decide = () => policy.decideNextAttempt(bad, negative, at('2026-11-27T10:00:00.000Z'));
    expect(decide).toThrow(ContactPolicyError);
    expect(decide).toThrow(/channel.*timeZone: not an IANA time zone.*attemptsMade/);
  });
});
