import { describe, expect, it } from 'vitest';
import { createWorkingTime } from '../../../../core/calendar/index.ts';
import { acdWorkingTime } from '../../acd/index.ts';
import type { ChatLine } from '../schemas.ts';
import { isOperatorsChat, mergeLines, summarize } from '../services/conversation.ts';

const workingTime = acdWorkingTime(createWorkingTime({ timeZone: 'Asia/Krasnoyarsk' }));
const line = (at: number, from: ChatLine['from'], text: string): ChatLine => ({ at, from, text });

describe('chat conversation logic', () => {
  it('merges PostgreSQL and pending transcript lines once each, in time order, one turn keeping its order', () => {
    const stored = [
      line(1, 'client', 'Здравствуйте'),
      line(2, 'bot', 'Добрый день'),
      line(2, 'bot', 'Чем помочь?'),
    ];
    const pending = [
      line(2, 'bot', 'Чем помочь?'),
      line(3, 'client', 'Оператора'),
      line(3, 'client', 'Оператора!'),
    ];
    expect(mergeLines(stored, pending).map((l) => l.text)).toEqual([
      'Здравствуйте',
      'Добрый день',
      'Чем помочь?',
      'Оператора',
      'Оператора!',
    ]);
  });

  it("is the operator's chat only while connected or in wrap-up, for that operator, in a chat queue", () => {
    const hash = { media: 'chat', ag: '7', st: 'connected' };
    expect(isOperatorsChat(hash, '7')).toBe(true);
    expect(isOperatorsChat({ ...hash, st: 'wrap_up' }, '7')).toBe(true);
    expect(isOperatorsChat({ ...hash, st: 'offered' }, '7')).toBe(false);
    expect(isOperatorsChat({ ...hash, st: 'closed' }, '7')).toBe(false);
    expect(isOperatorsChat(hash, '8')).toBe(false);
    expect(isOperatorsChat({ ...hash, media: 'voice' }, '7')).toBe(false);
    expect(isOperatorsChat(null, '7')).toBe(false);
  });

  it('counts the 15 minutes from the handoff in ЕКЦ hours, from the next opening after hours (R-ACD-5)', () => {
    const base = {
      ag: '7',
      media: 'chat',
      st: 'connected',
      ch: 'telegram',
      q: 'chat_general',
      tp: 'bill,other',
    };
    // Friday 27 Nov 2026 10:00 Krasnoyarsk: open.
    const inHours = Date.parse('2026-11-27T03:00:00Z');
    const open = summarize({
      ix: 'a',
      hash: { ...base, enq: String(inHours) },
      lines: [
        line(inHours, 'client', 'вопрос'),
        line(inHours, 'bot', 'передаю'),
        line(inHours + 5, 'client', 'ещё'),
      ],
      readCount: 1,
      wrapUpEndsAt: null,
      workingTime,
    });
    expect(open).toMatchObject({
      firstAnswerDue: inHours + 15 * 60_000,
      unread: 1,
      lines: 3,
      lastAt: inHours + 5,
      topics: ['bill', 'other'],
      state: 'connected',
      wrapUpEndsAt: null,
    });
    // Friday 21:30 Krasnoyarsk: closed until Saturday 09:00 (02:00 UTC).
    const afterHours = Date.parse('2026-11-27T14:30:00Z');
    const late = summarize({
      ix: 'b',
      hash: { ...base, enq: String(afterHours), st: 'wrap_up' },
      lines: [],
      readCount: 0,
      wrapUpEndsAt: afterHours + 300_000,
      workingTime,
    });
    expect(late.firstAnswerDue).toBe(Date.parse('2026-11-28T02:00:00Z') + 15 * 60_000);
    expect(late).toMatchObject({ state: 'wrap_up', wrapUpEndsAt: afterHours + 300_000, unread: 0 });
  });
});
