import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocal } from '../local-date.ts';
import { isOutboundAllowed, nextAllowedOutboundInstant } from '../outbound-window.ts';

const KRSK = 'Asia/Krasnoyarsk';
const next = (iso: string, zone = KRSK) => formatLocal(nextAllowedOutboundInstant(new Date(iso), zone), zone);

describe('outbound window 10:00–20:00 local, not on holidays (R-DLR-3)', () => {
  it('allows 19:59:59 and refuses 20:00:00, which waits for 10:00 next day', () => {
    expect(isOutboundAllowed(new Date('2026-11-27T19:59:59+07:00'), KRSK)).toBe(true);
    expect(next('2026-11-27T19:59:59+07:00')).toBe('2026-11-27T19:59:59+07:00');
    expect(isOutboundAllowed(new Date('2026-11-27T20:00:00+07:00'), KRSK)).toBe(false);
    expect(next('2026-11-27T20:00:00+07:00')).toBe('2026-11-28T10:00:00+07:00');
  });

  it('refuses 09:59:59 and opens at 10:00:00 the same day', () => {
    expect(isOutboundAllowed(new Date('2026-11-27T09:59:59+07:00'), KRSK)).toBe(false);
    expect(next('2026-11-27T09:59:59+07:00')).toBe('2026-11-27T10:00:00+07:00');
    expect(isOutboundAllowed(new Date('2026-11-27T10:00:00+07:00'), KRSK)).toBe(true);
  });

  it('allows weekends ("daily except holidays")', () => {
    expect(isOutboundAllowed(new Date('2026-11-29T12:00:00+07:00'), KRSK)).toBe(true); // Sunday
    expect(next('2026-11-28T08:00:00+07:00')).toBe('2026-11-28T10:00:00+07:00'); // Saturday
  });

  it('skips public holidays and the weekdays off they bring', () => {
    expect(next('2026-06-11T20:30:00+07:00')).toBe('2026-06-13T10:00:00+07:00'); // 12 June holiday, Saturday ok
    // 9 May (holiday, Saturday) is skipped, Sunday 10 May is an ordinary weekend day and allowed,
    // Monday 11 May is the day off the Saturday holiday brought.
    expect(next('2026-05-08T21:00:00+07:00')).toBe('2026-05-10T10:00:00+07:00');
    expect(next('2026-05-10T20:00:00+07:00')).toBe('2026-05-12T10:00:00+07:00');
    expect(next('2026-12-30T20:00:00+07:00')).toBe('2027-01-09T10:00:00+07:00'); // 31 Dec + 1–8 Jan
  });

  it('judges the holiday by the local date: 2026-12-31T17:30Z is already 1 January in Krasnoyarsk', () => {
    const instant = new Date('2026-12-31T17:30:00Z');
    expect(isOutboundAllowed(instant, KRSK)).toBe(false);
    expect(next('2026-12-31T17:30:00Z')).toBe('2027-01-09T10:00:00+07:00');
    // In Moscow it is still 31 December, 20:30 — outside the window and a day off as well.
    expect(next('2026-12-31T17:30:00Z', 'Europe/Moscow')).toBe('2027-01-09T10:00:00+03:00');
  });

  it('uses the client zone, not the server one', () => {
    // 03:30Z = 10:30 in Krasnoyarsk (allowed) but 06:30 in Moscow (not yet).
    const instant = new Date('2026-11-27T03:30:00Z');
    expect(isOutboundAllowed(instant, KRSK)).toBe(true);
    expect(isOutboundAllowed(instant, 'Europe/Moscow')).toBe(false);
    expect(next('2026-11-27T03:30:00Z', 'Europe/Moscow')).toBe('2026-11-27T10:00:00+03:00');
  });

  it('keeps 10:00 wall-clock time on a daylight-saving day (a client abroad)', () => {
    // Berlin moved to summer time on 2026-03-29 at 02:00.
    expect(next('2026-03-29T06:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T10:00:00+02:00');
  });

  it('always answers an allowed instant, never earlier than asked, and the first one', () => {
    const zones = fc.constantFrom(
      KRSK,
      'Europe/Moscow',
      'Asia/Vladivostok',
      'Europe/Kaliningrad',
      'Asia/Yekaterinburg',
      'Europe/Berlin',
    );
    const instants = fc.date({
      min: new Date('2025-01-02T00:00:00Z'),
      max: new Date('2027-12-20T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, zones, (instant, zone) => {
        const result = nextAllowedOutboundInstant(instant, zone);
        expect(result.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(isOutboundAllowed(result, zone)).toBe(true);
        // Nothing allowed just before it, unless it is the asked instant itself.
        if (result.getTime() > instant.getTime()) {
          expect(isOutboundAllowed(new Date(result.getTime() - 1000), zone)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
