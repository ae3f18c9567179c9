import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.ts';
import { realDelayMs, simulatedClock, systemClock } from '../../lifecycle/clock.ts';
import { clockFromEnv } from '../runner.ts';

describe('simulated platform clock (HOTLINE_CLOCK_START / HOTLINE_CLOCK_RATE)', () => {
  it('without the variables the platform runs on the machine clock', () => {
    expect(clockFromEnv({})).toBe(systemClock);
    expect(realDelayMs(systemClock, 1_500)).toBe(1_500);
  });

  it('starts at the given instant and runs `rate` simulated seconds per real second', () => {
    let real = 1_000_000;
    const clock = simulatedClock(Date.parse('2026-12-01T12:55:00Z'), 60, () => real);
    expect(clock.now().toISOString()).toBe('2026-12-01T12:55:00.000Z');
    real += 5_000; // five real seconds = five simulated minutes
    expect(clock.now().toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(clock.rate).toBe(60);
    // A delay of five simulated minutes is five real seconds.
    expect(realDelayMs(clock, 300_000)).toBe(5_000);
    expect(realDelayMs(clock, -10)).toBe(0);
  });

  it('reads the environment, defaulting the rate to 1', () => {
    const before = Date.now();
    const clock = clockFromEnv({ HOTLINE_CLOCK_START: '2026-12-01T19:55:00+07:00' });
    expect(clock.rate).toBe(1);
    const drift = clock.nowMs() - Date.parse('2026-12-01T12:55:00Z');
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThanOrEqual(Date.now() - before + 5);
    expect(
      clockFromEnv({ HOTLINE_CLOCK_START: '2026-12-01T12:55:00Z', HOTLINE_CLOCK_RATE: '120' }).rate,
    ).toBe(120);
  });

  it('is refused in production and on bad values, with a clear message', () => {
    expect(() =>
      clockFromEnv({ NODE_ENV: 'production', HOTLINE_CLOCK_START: '2026-12-01T12:55:00Z' }),
    ).toThrow(/refused when NODE_ENV=production/);
    expect(() => clockFromEnv({ HOTLINE_CLOCK_START: '1 December 19:55' })).toThrow(/ISO instant/);
    expect(() => clockFromEnv({ HOTLINE_CLOCK_START: '2026-12-01T19:55:00' })).toThrow(/with its offset/);
    expect(() =>
      clockFromEnv({ HOTLINE_CLOCK_START: '2026-12-01T12:55:00Z', HOTLINE_CLOCK_RATE: '0' }),
    ).toThrow(/HOTLINE_CLOCK_RATE/);
    expect(() =>
      clockFromEnv({ HOTLINE_CLOCK_START: '2026-12-01T12:55:00Z', HOTLINE_CLOCK_RATE: 'fast' }),
    ).toThrow(/HOTLINE_CLOCK_RATE/);
    expect(() => clockFromEnv({ HOTLINE_CLOCK_RATE: '60' })).toThrow(/needs HOTLINE_CLOCK_START/);
    // A configuration error: `hotline start` prints the message, not a stack trace.
    expect(() => clockFromEnv({ HOTLINE_CLOCK_START: 'tomorrow' })).toThrow(ConfigError);
  });
});
