import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function hotline(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/hotline.mjs', 'calendar', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HOTLINE_TZ: 'Asia/Krasnoyarsk' },
  });
  return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
}

describe('hotline calendar', () => {
  it('prints the deadline of the issue example', () => {
    const result = hotline(
      'deadline',
      '--channel',
      'email',
      '--kind',
      'answer',
      '--registered',
      '2026-11-27T10:00:00+07:00',
    );
    expect(result).toMatchObject({ code: 0, out: '2026-12-02T23:59:59+07:00' });
  });

  it('reads a registration time without offset as local time and accepts a group', () => {
    const result = hotline(
      'deadline',
      '--channel',
      'post',
      '--kind',
      'register',
      '--registered',
      '2026-11-27T10:00',
    );
    expect(result).toMatchObject({ code: 0, out: '2026-11-30T23:59:59+07:00' });
  });

  it('prints the next outbound instant, in the client zone when given', () => {
    expect(hotline('next-outbound', '--at', '2026-11-27T20:00:00+07:00')).toMatchObject({
      code: 0,
      out: '2026-11-28T10:00:00+07:00',
    });
    expect(hotline('next-outbound', '--at', '2026-11-27T03:30:00Z', '--tz', 'Europe/Moscow')).toMatchObject({
      code: 0,
      out: '2026-11-27T10:00:00+03:00',
    });
  });

  it('prints true/false for working days', () => {
    expect(hotline('is-working-day', '2025-11-01')).toMatchObject({ code: 0, out: 'true' });
    expect(hotline('is-working-day', '2026-01-09')).toMatchObject({ code: 0, out: 'false' });
  });

  it('exits 2 with a clear message on bad arguments', () => {
    const cases: [string[], RegExp][] = [
      [['is-working-day', '2026-02-30'], /"2026-02-30" is not a date YYYY-MM-DD/],
      [['is-working-day', '2031-01-05'], /no production calendar for 2031/],
      [
        ['deadline', '--channel', 'fax', '--kind', 'answer', '--registered', '2026-11-27T10:00'],
        /unknown channel/,
      ],
      [
        ['deadline', '--channel', 'email', '--kind', 'soon', '--registered', '2026-11-27T10:00'],
        /--kind must be one of/,
      ],
      [
        ['deadline', '--channel', 'email', '--kind', 'answer', '--registered', 'yesterday'],
        /not an ISO date-time/,
      ],
      [
        ['deadline', '--channel', 'phone', '--kind', 'register', '--registered', '2026-11-27T10:00'],
        /no "register" deadline for voice/,
      ],
      [
        ['next-outbound', '--at', '2026-11-27T10:00', '--tz', 'Mars/Olympus'],
        /--tz must be an IANA time zone/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = hotline(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
    }
  });
});
