import { describe, expect, it } from 'vitest';
import { foldRecords, type OutboxRecord } from '../db/records.ts';
import { selectQueue } from '../services/queue-selection.ts';
import { decodeWaitingScore, waitingScore } from '../services/scores.ts';
import { CHAT_FIRST_ANSWER_MS, chatDeadlines } from '../services/working-time.ts';

describe('pure ACD services', () => {
  it('the waiting score orders by priority, then original time, and decodes back', () => {
    const t = Date.parse('2026-11-25T03:00:00Z');
    expect(waitingScore(5, t + 60_000)).toBeLessThan(waitingScore(0, t));
    expect(waitingScore(0, t)).toBeLessThan(waitingScore(0, t + 1));
    expect(decodeWaitingScore(waitingScore(7, t))).toEqual({ priority: 7, enqueuedAtMs: t });
    expect(Number.isSafeInteger(waitingScore(0, Date.parse('2200-01-01T00:00:00Z')))).toBe(true);
  });

  it('picks the default queue by medium and topic, else a catch-all', () => {
    const queues = [
      { name: 'general', media: 'voice' as const, topics: [] },
      { name: 'debt', media: 'voice' as const, topics: ['balance', 'restriction'] },
      { name: 'chat', media: 'chat' as const, topics: [] },
    ];
    expect(selectQueue(queues, 'phone', 'restriction')).toBe('debt');
    expect(selectQueue(queues, 'phone', 'outage')).toBe('general');
    expect(selectQueue(queues, 'telegram', 'balance')).toBe('chat');
    expect(selectQueue(queues.slice(1, 2), 'phone', 'outage')).toBeUndefined();
  });

  it('folds a batch into one change per interaction, ignoring an older version', () => {
    const record = (
      kind: string,
      version: number,
      at: number,
      extra: Partial<OutboxRecord> = {},
    ): OutboxRecord => ({
      id: `${at}-0`,
      kind,
      ix: 'a',
      at,
      queue: 'q',
      agent: undefined,
      version,
      data: {},
      ...extra,
    });
    const [row] = foldRecords([
      record('enqueued', 1, 100, {
        data: { channel: 'phone', priority: 3, enqueuedAt: 90, startedAt: 80, topics: 'bill' },
      }),
      record('offered', 2, 110, { agent: '7' }),
      record('answered', 3, 120, { agent: '7' }),
      record('offered', 2, 115, { agent: '8' }), // stale duplicate
      record('wrap_up', 4, 180, { agent: '7' }),
    ]);
    expect(row).toMatchObject({
      state: 'wrap_up',
      seq: 4,
      agentId: '7',
      queuedAt: 90,
      offeredAt: 110,
      answeredAt: 120,
      talkEndedAt: 180,
      channel: 'phone',
      priority: 3,
    });
  });

  it('chat deadlines: 15 min of ЕКЦ time from arrival or from the next opening', () => {
    const opening = Date.parse('2026-11-26T01:00:00Z');
    const calendar = {
      isWorkingTime: (at: Date) => at.getTime() >= opening,
      nextWorkingTime: (at: Date) => new Date(Math.max(at.getTime(), opening)),
      chatAppealDeadline: (_: string, at: Date) => new Date(at.getTime() + 86_400_000),
    };
    const night = opening - 5 * 3_600_000;
    expect(chatDeadlines(calendar, 'vk', night)).toEqual({
      firstAnswerDue: opening + CHAT_FIRST_ANSWER_MS,
      appealDue: night + 86_400_000,
    });
    expect(chatDeadlines(calendar, 'vk', opening + 1_000).firstAnswerDue).toBe(
      opening + 1_000 + CHAT_FIRST_ANSWER_MS,
    );
  });
});
