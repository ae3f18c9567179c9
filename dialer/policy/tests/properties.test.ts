import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextAllowedOutboundInstant, OUTBOUND_OPENS } from '../../../core/calendar/index.ts';
import { holidayCalendarOf, productionHolidays } from '../calendar.ts';
import { createContactPolicy } from '../decide.ts';
import { measureSms } from '../sms-length.ts';
import { checkSmsTemplate, renderSms, type SmsVariable } from '../sms-template.ts';
import { PHONE_MAX_ATTEMPTS } from '../standard.ts';
import { isAllowedInstant, nextAllowedInstant } from '../window.ts';

const RUSSIAN_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2027-12-31T00:00:00Z');

const instant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));
const zone = fc.constantFrom(...RUSSIAN_ZONES);
/** A random set of holidays: runs of consecutive dates, as real holidays come. */
const holidays = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 729 }), fc.integer({ min: 1, max: 11 })), { maxLength: 25 })
  .map((runs) => {
    const dates: string[] = [];
    for (const [start, length] of runs) {
      for (let i = 0; i < length; i++)
        dates.push(
          DateTime.fromMillis(FROM, { zone: 'UTC' })
            .plus({ days: start + i })
            .toISODate()!,
        );
    }
    return holidayCalendarOf(dates);
  });

describe('contact window properties', () => {
  it('the next allowed instant is allowed, never earlier than asked, and the earliest such', () => {
    fc.assert(
      fc.property(instant, zone, holidays, (at, timeZone, calendar) => {
        const next = nextAllowedInstant(at, timeZone, calendar);
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(isAllowedInstant(next, timeZone, calendar)).toBe(true);
        if (next.getTime() !== at.getTime()) {
          // Moved: it opens a window, and no minute in between was allowed.
          const local = DateTime.fromJSDate(next, { zone: timeZone });
          expect([local.hour, local.minute, local.second, local.millisecond]).toEqual([
            Number(OUTBOUND_OPENS.slice(0, 2)),
            0,
            0,
            0,
          ]);
          expect(isAllowedInstant(at, timeZone, calendar)).toBe(false);
          for (let probe = at.getTime(); probe < next.getTime(); probe += 3600_000) {
            expect(isAllowedInstant(new Date(probe), timeZone, calendar)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('agreement with core/calendar', () => {
  it('gives the same next allowed instant as nextAllowedOutboundInstant on the real calendar', () => {
    const production = productionHolidays();
    const covered = fc
      .integer({ min: FROM, max: Date.parse('2027-12-20T00:00:00Z') })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(covered, zone, (at, timeZone) => {
        expect(nextAllowedInstant(at, timeZone, production)).toEqual(
          nextAllowedOutboundInstant(at, timeZone),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('decideNextAttempt properties', () => {
  const outcomes = fc.array(fc.constantFrom('positive' as const, 'negative' as const), {
    minLength: 1,
    maxLength: 12,
  });

  it('phone: at most 3 attempts, every retry allowed and at least the configured delay later', () => {
    fc.assert(
      fc.property(
        instant,
        zone,
        holidays,
        fc.integer({ min: 5, max: 30 }),
        outcomes,
        (start, timeZone, calendar, delay, results) => {
          const policy = createContactPolicy({ calendar, config: { phoneRetryDelayMinutes: delay } });
          let now = policy.firstAttemptAt({ channel: 'phone', timeZone, due: start });
          let attemptsMade = 1;
          for (const outcome of results) {
            expect(policy.isAllowedInstant(now, timeZone)).toBe(true);
            const decision = policy.decideNextAttempt(
              { channel: 'phone', timeZone, attemptsMade },
              { outcome },
              now,
            );
            if (decision.action === 'done') {
              expect(decision.outcome).toBe(outcome);
              if (outcome === 'negative') expect(attemptsMade).toBe(PHONE_MAX_ATTEMPTS);
              return;
            }
            expect(decision.at.getTime()).toBeGreaterThanOrEqual(now.getTime() + delay * 60_000);
            attemptsMade = decision.attempt;
            expect(attemptsMade).toBeLessThanOrEqual(PHONE_MAX_ATTEMPTS);
            now = decision.at;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('SMS: every resend is allowed and at least a day after the previous one', () => {
    fc.assert(
      fc.property(
        instant,
        zone,
        holidays,
        fc.integer({ min: 1, max: 20 }),
        (start, timeZone, calendar, failures) => {
          const policy = createContactPolicy({ calendar });
          let now = policy.firstAttemptAt({ channel: 'sms', timeZone, due: start });
          for (let attemptsMade = 1; attemptsMade <= failures; attemptsMade++) {
            const decision = policy.decideNextAttempt(
              { channel: 'sms', timeZone, attemptsMade },
              { outcome: 'negative' },
              now,
            );
            if (decision.action !== 'retry') throw new Error('SMS repeats until positive');
            expect(policy.isAllowedInstant(decision.at, timeZone)).toBe(true);
            expect(decision.at.getTime()).toBeGreaterThanOrEqual(now.getTime() + 24 * 3600_000);
            now = decision.at;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SMS length properties', () => {
  const gsmChar = fc.constantFrom(...'@£$¥èéAbz09 .,!?€[]{}~^|\\\n'.split(''));
  const anyChar = fc.constantFrom(...'aZ09 .,ёжЩЯ€[😀«»—№'.split(/(?:)/u));

  it('parts always hold the characters, and one part means the single-SMS limit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(gsmChar, anyChar), { maxLength: 500 }), (chars) => {
        const m = measureSms(chars.join(''));
        const capacity = m.encoding === 'gsm7' ? { single: 160, perPart: 153 } : { single: 70, perPart: 67 };
        expect(m.segments === 1).toBe(m.characters <= capacity.single);
        if (m.segments > 1) {
          expect(m.characters).toBeLessThanOrEqual(m.segments * capacity.perPart);
          // Every part but the last is full but for at most one unit (a pair that did not fit).
          expect(m.characters).toBeGreaterThan((m.segments - 1) * (capacity.perPart - 1));
        }
      }),
    );
  });

  it('a template that passes never renders longer than its worst case', () => {
    const variable = fc.record({
      maxLength: fc.integer({ min: 1, max: 40 }),
      alphabet: fc.constantFrom('digits' as const, 'gsm7' as const, 'bmp' as const, 'any' as const),
    });
    const valueChars: Record<SmsVariable['alphabet'], fc.Arbitrary<string>> = {
      digits: fc.constantFrom(...'0123456789 ,.'.split('')),
      gsm7: gsmChar,
      bmp: fc.constantFrom(...'aёЖ€[ 1'.split('')),
      any: anyChar,
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), variable, fc.nat(), (literal, spec, seed) => {
        const template = `${literal.replace(/[{}]/g, '')}{{v}}`;
        const check = checkSmsTemplate(template, { v: spec });
        const value = fc
          .sample(fc.array(valueChars[spec.alphabet], { maxLength: spec.maxLength }), {
            seed,
            numRuns: 1,
          })[0]!
          .join('');
        const measured = measureSms(template.replace('{{v}}', value));
        expect(measured.characters).toBeLessThanOrEqual(check.worstCase.characters);
        if (check.ok) expect(() => renderSms(template, { v: spec }, { v: value })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
