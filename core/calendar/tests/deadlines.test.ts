import { describe, expect, it } from 'vitest';
import {
  CHANNEL_DEADLINE_GROUP,
  CHANNEL_IDS,
  DEADLINE_GROUPS,
  type DeadlineGroup,
} from '../../vocabulary/index.ts';
import { DEADLINE_RULES, type DeadlineKind } from '../deadline-rules.ts';
import { appealDeadline, resolveDeadlineGroup } from '../deadlines.ts';
import { CalendarError, DeadlineRuleMissingError } from '../errors.ts';
import { formatLocal } from '../local-date.ts';

const KRSK = 'Asia/Krasnoyarsk';
const deadline = (channel: string, kind: DeadlineKind, registered: string, zone = KRSK) =>
  formatLocal(appealDeadline({ channel, kind, registeredAt: new Date(registered), timeZone: zone }), zone);

describe('the example of the issue', () => {
  it('registered Friday 2026-11-27 10:00 local, interactive channel → 2026-12-02T23:59:59+07:00', () => {
    expect(deadline('interactive', 'answer', '2026-11-27T10:00:00+07:00')).toBe('2026-12-02T23:59:59+07:00');
    expect(deadline('email', 'answer', '2026-11-27T10:00:00+07:00')).toBe('2026-12-02T23:59:59+07:00');
  });
});

/**
 * Every (group, kind) of R-APL-3 from one registration instant: Friday 2026-11-27 10:00 local.
 * Working days after it: Mon 30 Nov (1), Tue 1 Dec (2), Wed 2 Dec (3) … Fri 11 Dec (10).
 * 30 calendar days: 27 Dec 2026.
 */
const EXPECTED: Record<DeadlineGroup, Partial<Record<DeadlineKind, string>>> = {
  voice: {
    answer: '2026-11-30T23:59:59+07:00',
    interim: '2026-12-02T23:59:59+07:00',
    'with-departments': '2026-12-02T23:59:59+07:00',
    external: '2026-12-27T23:59:59+07:00',
  },
  messenger: {
    answer: '2026-11-30T23:59:59+07:00',
    interim: '2026-11-30T23:59:59+07:00',
    'with-departments': '2026-12-11T23:59:59+07:00',
    external: '2026-12-27T23:59:59+07:00',
  },
  interactive: {
    answer: '2026-12-02T23:59:59+07:00',
    interim: '2026-12-02T23:59:59+07:00',
    'with-departments': '2026-12-11T23:59:59+07:00',
    external: '2026-12-27T23:59:59+07:00',
  },
  post: {
    register: '2026-11-30T23:59:59+07:00',
    answer: '2026-12-11T23:59:59+07:00',
    interim: '2026-12-11T23:59:59+07:00',
    'with-departments': '2026-12-11T23:59:59+07:00',
    external: '2026-12-27T23:59:59+07:00',
  },
  regulated: {
    answer: '2026-12-11T23:59:59+07:00',
    interim: '2026-12-11T23:59:59+07:00',
    'with-departments': '2026-12-11T23:59:59+07:00',
    external: '2026-12-11T23:59:59+07:00',
  },
};

describe('R-APL-3: every deadline group × kind', () => {
  it('the rule table covers exactly the expected pairs', () => {
    for (const group of DEADLINE_GROUPS) {
      expect(Object.keys(DEADLINE_RULES[group]).sort()).toEqual(Object.keys(EXPECTED[group]).sort());
    }
  });

  for (const group of DEADLINE_GROUPS) {
    for (const [kind, expected] of Object.entries(EXPECTED[group])) {
      it(`${group} / ${kind} → ${expected}`, () => {
        expect(deadline(group, kind as DeadlineKind, '2026-11-27T10:00:00+07:00')).toBe(expected);
      });
    }
  }

  it('every channel uses its group', () => {
    for (const channel of CHANNEL_IDS) {
      const group = CHANNEL_DEADLINE_GROUP[channel];
      expect(deadline(channel, 'answer', '2026-11-27T10:00:00+07:00')).toBe(EXPECTED[group].answer);
    }
  });

  it('register exists only for post', () => {
    for (const group of ['voice', 'messenger', 'interactive', 'regulated']) {
      expect(() => deadline(group, 'register', '2026-11-27T10:00:00+07:00')).toThrow(
        DeadlineRuleMissingError,
      );
    }
  });
});

describe('deadline boundaries', () => {
  it('counts from the local registration day: 23:59:59 local Friday vs 00:00 local Saturday', () => {
    // 16:59:59Z = Fri 23:59:59 local; 17:00:00Z = Sat 00:00 local.
    expect(deadline('phone', 'answer', '2026-11-27T16:59:59Z')).toBe('2026-11-30T23:59:59+07:00');
    expect(deadline('phone', 'answer', '2026-11-27T17:00:00Z')).toBe('2026-11-30T23:59:59+07:00');
    // Sun 29 Nov 23:59:59 local → Mon 30 Nov is the first working day after it.
    expect(deadline('phone', 'answer', '2026-11-29T16:59:59Z')).toBe('2026-11-30T23:59:59+07:00');
    expect(deadline('phone', 'answer', '2026-11-29T17:00:00Z')).toBe('2026-12-01T23:59:59+07:00');
  });

  it('skips the new-year holidays and 31 December', () => {
    expect(deadline('telegram', 'answer', '2026-12-30T15:00:00+07:00')).toBe('2027-01-11T23:59:59+07:00');
    expect(deadline('site_form', 'answer', '2026-12-29T15:00:00+07:00')).toBe('2027-01-12T23:59:59+07:00');
  });

  it('counts a transferred Saturday as a working day (1 November 2025)', () => {
    expect(deadline('phone', 'answer', '2025-10-31T12:00:00+07:00')).toBe('2025-11-01T23:59:59+07:00');
    expect(deadline('email', 'answer', '2025-10-31T12:00:00+07:00')).toBe('2025-11-06T23:59:59+07:00');
  });

  it('keeps a 30-day deadline on its calendar day even when that is a holiday', () => {
    expect(deadline('phone', 'external', '2026-12-02T10:00:00+07:00')).toBe('2027-01-01T23:59:59+07:00');
  });

  it('is 23:59:59 in the zone asked for', () => {
    expect(deadline('email', 'answer', '2026-11-27T10:00:00+03:00', 'Europe/Moscow')).toBe(
      '2026-12-02T23:59:59+03:00',
    );
  });

  it('refuses an unknown channel with a clear message', () => {
    expect(() => resolveDeadlineGroup('fax')).toThrow(CalendarError);
    expect(() => resolveDeadlineGroup('fax')).toThrow(/unknown channel or deadline group "fax"/);
  });
});
