import { describe, expect, it } from 'vitest';
import { waitWatch } from '../../acd/services/service-level.ts';
import { toCsv } from '../services/csv.ts';
import { percent } from '../services/report-tables.ts';
import { chatsNearingDeadline, waitTone } from '../services/wallboard.ts';

describe('longest wait colour (R-ACD-2)', () => {
  it('turns amber at the 80 s pre-alert and red at the 100 s limit', () => {
    expect(waitTone(79_999)).toBe('ok');
    expect(waitTone(80_000)).toBe('warn');
    expect(waitTone(99_999)).toBe('warn');
    expect(waitTone(100_000)).toBe('bad');
    expect(waitTone(50_000, { prealertMs: 40_000, alertMs: 60_000 })).toBe('warn');
  });

  it('tells the wallboard when the longest wait reaches each limit, so it needs no rule of its own', () => {
    expect(waitWatch(2, 70_000, 1_000_000)).toEqual({
      limits: { prealertMs: 80_000, alertMs: 100_000 },
      tone: 'ok',
      prealertAt: 1_010_000,
      alertAt: 1_030_000,
    });
    const strict = { prealertMs: 40_000, alertMs: 60_000 };
    expect(waitWatch(1, 60_000, 1_000_000, strict)).toMatchObject({ tone: 'bad', alertAt: 1_000_000 });
    // Nobody waiting: no instants, never red.
    expect(waitWatch(0, 0, 1_000_000)).toMatchObject({ tone: 'ok', prealertAt: null, alertAt: null });
  });
});

describe('chats nearing 15 minutes (R-ACD-5)', () => {
  it('shows chats due within 3 minutes, soonest first; passed ones are alerts already', () => {
    const now = 1_000_000;
    const chats = [
      { ix: 'later', dueAt: now + 180_001 },
      { ix: 'edge', dueAt: now + 180_000 },
      { ix: 'soon', dueAt: now + 1 },
      { ix: 'passed', dueAt: now },
    ];
    expect(chatsNearingDeadline(chats, now).map((c) => c.ix)).toEqual(['soon', 'edge']);
  });
});

describe('CSV', () => {
  it('quotes separators, doubles quotes, defuses formulas, writes decimal commas', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['x;y', 'он сказал "да"'],
        ['=1+1', 12.5],
        [null, -3],
      ],
    );
    expect(csv).toBe('\uFEFFa;b\r\n"x;y";"он сказал ""да"""\r\n\'=1+1;12,5\r\n;-3\r\n');
    expect(percent(2 / 3)).toBe(66.7);
    expect(percent(null)).toBe(null);
  });
});
