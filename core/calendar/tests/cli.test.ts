import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function hotline(...args: string[]) {
  return hotlineWith({}, ...args);
}

function hotlineWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/hotline.mjs', 'calendar', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HOTLINE_TZ: 'Asia/Krasnoyarsk', ...env },
  });
  return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
}

const BAD_ARGUMENTS: [string[], RegExp][] = [
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
  [['next-outbound', '--at', '2026-11-27T10:00', '--tz', 'Mars/Olympus'], /--tz must be an IANA time zone/],
  [['deadline', '--channel', 'email', '--registered', '2026-11-27T10:00'], /required option '--kind <kind>'/],
  [['is-working-day', '2026-11-27', '--colour'], /unknown option '--colour'/],
];

// Each case spawns a process (tsx start-up takes seconds on a busy machine).
describe('hotline calendar', { timeout: 90_000 }, () => {
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

  it.each(BAD_ARGUMENTS)('exits 2 with a clear message: %j', (args, message) => {
    const result = hotline(...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('validates its configuration: bad HOTLINE_TZ or schedule file exit 2', () => {
    const badZone = hotlineWith({ HOTLINE_TZ: 'Mars/Olympus' }, 'next-outbound', '--at', '2026-11-27T10:00');
    expect(badZone.code).toBe(2);
    expect(badZone.err).toMatch(/HOTLINE_TZ must be an IANA time zone/);
    const badFile = hotlineWith(
      { HOTLINE_EKC_SCHEDULE_FILE: '/nonexistent/ekc.json' },
      'deadline',
      '--channel',
      'email',
      '--kind',
      'answer',
      '--registered',
      '2026-11-27T10:00',
    );
    expect(badFile.code).toBe(2);
    expect(badFile.err).toMatch(/ЕКЦ schedule \/nonexistent\/ekc.json: cannot read JSON/);
  });

  it('reads times in the configured zone', () => {
    const moscow = hotlineWith(
      { HOTLINE_TZ: 'Europe/Moscow' },
      'deadline',
      '--channel',
      'email',
      '--kind',
      'answer',
      '--registered',
      '2026-11-27T10:00',
    );
    expect(moscow).toMatchObject({ code: 0, out: '2026-12-02T23:59:59+03:00' });
  });
});
