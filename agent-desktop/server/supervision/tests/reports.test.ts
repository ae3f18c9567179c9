import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingTime } from '../../../../core/calendar/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { acdWorkingTime } from '../../acd/services/working-time.ts';
import { appealsByTopicAndChannel } from '../db/appeals-report.ts';
import { abandonedCalls, callsByHour } from '../db/calls-report.ts';
import { csatReport } from '../db/csat-report.ts';
import { slaCompliance } from '../db/sla-report.ts';
import { toCsv } from '../services/csv.ts';
import { periodInstants } from '../services/period.ts';
import { appealsTable } from '../services/report-tables.ts';
import { type Fixtures, seedReportFixtures } from './fixtures.ts';

const TZ = 'Asia/Krasnoyarsk';
const workingTime = acdWorkingTime(createWorkingTime({ timeZone: TZ }));
const day = (from: string, to = from) => periodInstants({ from, to }, TZ);
let db: TestDatabase;
let people: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase();
  people = await seedReportFixtures(db.pool);
});
afterAll(async () => {
  await db?.drop();
});

describe('period', () => {
  it('is whole local days: from local midnight to the midnight after the last day', () => {
    const p = day('2026-11-02', '2026-11-03');
    expect(p.start.toISOString()).toBe('2026-11-01T17:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-03T17:00:00.000Z');
  });
});

describe('appeals by topic × channel (R-APL-8)', () => {
  it('counts the day exactly, last local second in, local midnight after out', async () => {
    const report = await appealsByTopicAndChannel(db.pool, day('2026-11-02'));
    expect(report.channels.map((c) => c.id)).toEqual(['phone', 'telegram']);
    const row = (topic: string) => report.rows.find((r) => r.topic === topic);
    expect(row('balance')).toMatchObject({
      counts: { phone: 2 },
      total: 2,
      label: 'Задолженность и начисления',
    });
    expect(row('meter_reading')).toMatchObject({ counts: { phone: 1 }, total: 1 });
    expect(row('complaint')).toMatchObject({ counts: { telegram: 1 }, total: 1 });
    expect(row('tariffs')).toMatchObject({ counts: {}, total: 0 });
    expect(report.rows).toHaveLength(18);
    // Three appeals (one with two topics): distinct per channel.
    expect(report.totals).toEqual({ counts: { phone: 2, telegram: 1 }, total: 3 });
  });

  it('adds the next day and a row for appeals without a topic', async () => {
    const report = await appealsByTopicAndChannel(db.pool, day('2026-11-02', '2026-11-03'));
    expect(report.channels.map((c) => c.id)).toEqual(['phone', 'telegram', 'email']);
    expect(report.rows.at(-1)).toMatchObject({
      topic: '',
      label: 'Без темы',
      counts: { email: 1 },
      total: 1,
    });
    expect(report.totals.total).toBe(4);
  });

  it('exports as Excel reads it: BOM, semicolons, a totals line', async () => {
    const table = appealsTable(await appealsByTopicAndChannel(db.pool, day('2026-11-02')));
    const csv = toCsv(table.header, table.rows);
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFFТема;Телефон;Telegram;Итого')).toBe(true);
    expect(lines[1]).toBe('Задолженность и начисления;2;0;2');
    expect(lines.at(-2)).toBe('Всего обращений;2;1;3');
  });
});

describe('SLA compliance', () => {
  it('measures 15 s, 100 s and chat 15 min (ЕКЦ time) at their boundaries', async () => {
    const report = await slaCompliance(
      db.pool,
      day('2026-11-02'),
      new Date('2026-11-10T00:00:00Z'),
      workingTime,
    );
    const row = (measure: string) => report.rows.find((r) => r.measure === measure);
    // 2 taken + missed + declined; the offer released by a logout did not end by the operator.
    expect(row('offer_15s')).toMatchObject({ total: 4, met: 2, share: 0.5 });
    expect(row('wait_100s')).toMatchObject({ total: 2, met: 1, share: 0.5 });
    // In hours: 15 min kept, 15 min + 1 ms late; at night: counted from the 08:00 opening, likewise.
    expect(row('chat_15min')).toMatchObject({ total: 4, met: 2, share: 0.5 });
    expect(report.averageWaitMs).toBe(100_000.5);
  });

  it('counts appeals due in the period and already due; answered at the deadline is on time', async () => {
    const report = await slaCompliance(
      db.pool,
      day('2026-11-05', '2026-11-06'),
      new Date('2026-11-06T00:00:00Z'),
      workingTime,
    );
    expect(report.rows.find((r) => r.measure === 'appeal_deadline')).toMatchObject({
      total: 4,
      met: 2,
      share: 0.5,
    });
    const empty = await slaCompliance(
      db.pool,
      day('2026-10-01'),
      new Date('2026-11-06T00:00:00Z'),
      workingTime,
    );
    expect(empty.rows.every((r) => r.total === 0 && r.share === null)).toBe(true);
  });
});

describe('CSAT', () => {
  it('per operator and per topic, for contacts started in the period', async () => {
    const report = await csatReport(db.pool, day('2026-11-02'));
    expect(report.overall).toMatchObject({ rated: 4, average: 3.5, satisfiedShare: 0.5 });
    expect(report.byOperator).toEqual([
      { key: String(people.ivanova), label: 'Иванова Анна', rated: 3, average: 4, satisfiedShare: 2 / 3 },
      { key: String(people.petrov), label: 'Петров Олег', rated: 1, average: 2, satisfiedShare: 0 },
    ]);
    expect(report.byTopic).toEqual([
      {
        key: 'balance',
        label: 'Задолженность и начисления',
        rated: 3,
        average: 11 / 3,
        satisfiedShare: 2 / 3,
      },
      { key: 'complaint', label: 'Жалоба', rated: 1, average: 2, satisfiedShare: 0 },
    ]);
  });
});

describe('abandoned calls and the hourly chart', () => {
  it('per day: short abandons apart, abandons after 100 s counted', async () => {
    const report = await abandonedCalls(db.pool, day('2026-11-02', '2026-11-03'), TZ);
    expect(report.days).toEqual([
      {
        bucket: '2026-11-02',
        offered: 5,
        answered: 2,
        abandoned: 3,
        abandonedShort: 1,
        abandonedAfterLimit: 1,
        averageAbandonWaitMs: (4_999 + 5_000 + 100_001) / 3,
        serviceLevel: 0.5,
      },
      expect.objectContaining({
        bucket: '2026-11-03',
        offered: 1,
        answered: 1,
        abandoned: 0,
        serviceLevel: 1,
      }),
    ]);
    expect(report.total).toEqual({
      offered: 6,
      answered: 3,
      abandoned: 3,
      abandonedShort: 1,
      abandonedAfterLimit: 1,
      abandonedShare: 0.5,
    });
  });

  it('by local hour, all 24 of them', async () => {
    const hours = await callsByHour(db.pool, day('2026-11-02'), TZ);
    expect(hours).toHaveLength(24);
    // 09h: answered at 100 s (in), at 100.001 s (out), short abandon (left out) → 1 of 2.
    expect(hours[9]).toMatchObject({
      offered: 3,
      answered: 2,
      abandoned: 1,
      abandonedShort: 1,
      serviceLevel: 0.5,
    });
    // 10h: abandoned at 5 s (in: not short) and after 100.001 s (out) → 1 of 2.
    expect(hours[10]).toMatchObject({ offered: 2, answered: 0, abandoned: 2, serviceLevel: 0.5 });
    expect(hours[0]).toMatchObject({ offered: 0, serviceLevel: null });
  });
});
