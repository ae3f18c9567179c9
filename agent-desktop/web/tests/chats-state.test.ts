import { describe, expect, it } from 'vitest';
import { type ChatSummary, firstAnswerClock } from '../src/pages/chats/chat-state.ts';

/** The chats screen's R-ACD-5 clock: "не позднее 15 минут" — at exactly 15:00 it is not yet overdue. */
const ARRIVED = Date.parse('2026-11-27T03:00:00Z');
const DUE = ARRIVED + 15 * 60_000;
const chat = (overrides: Partial<ChatSummary> = {}): ChatSummary => ({
  ix: '00000000-0000-4000-a000-000000000001',
  channel: 'web_chat',
  queue: 'chat_general',
  state: 'connected',
  topics: [],
  enqueuedAt: ARRIVED,
  answeredAt: ARRIVED + 30_000,
  firstAnswerDue: DUE,
  firstAnsweredAt: null,
  wrapUpEndsAt: null,
  unread: 0,
  lines: 0,
  lastAt: null,
  ...overrides,
});

describe('first-answer clock of a chat', () => {
  it('runs green, turns amber in the last 5 minutes, red only after 15 minutes', () => {
    expect(firstAnswerClock(chat(), DUE - 5 * 60_000 - 1, false)).toEqual({
      state: 'running',
      leftMs: 5 * 60_000 + 1,
      tone: 'ok',
    });
    expect(firstAnswerClock(chat(), DUE - 5 * 60_000, false).tone).toBe('warn');
    expect(firstAnswerClock(chat(), DUE - 1, false)).toMatchObject({ state: 'running', tone: 'warn' });
    expect(firstAnswerClock(chat(), DUE, false)).toMatchObject({ state: 'running', leftMs: 0 });
    expect(firstAnswerClock(chat(), DUE + 1, false)).toMatchObject({ state: 'overdue', tone: 'bad' });
  });

  it("trusts the ACD's alert, and stops once the operator has answered", () => {
    expect(firstAnswerClock(chat(), DUE - 60_000, true)).toMatchObject({ state: 'overdue', tone: 'bad' });
    expect(firstAnswerClock(chat({ firstAnsweredAt: DUE - 1 }), DUE + 60_000, true)).toEqual({
      state: 'answered',
      leftMs: 0,
      tone: 'ok',
    });
  });
});
