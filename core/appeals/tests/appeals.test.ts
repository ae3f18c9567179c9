import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import {
  AppealNotFoundError,
  AppealRuleError,
  type AppealService,
  AppealStateError,
  AppealValidationError,
  createAppealService,
} from '../index.ts';

let db: TestDatabase;
let appeals: AppealService;
let clientId: number;
let otherClientId: number;
let operatorId: number;
const clock = new ManualClock('2026-11-27T03:00:00Z'); // Friday 10:00 in Krasnoyarsk

beforeAll(async () => {
  db = await createTestDatabase();
  appeals = createAppealService({ pool: db.pool, clock, timeZone: 'Asia/Krasnoyarsk' });
  const clients = await db.pool.query(
    `insert into clients (type, full_name) values ('individual', 'Иванов Иван'), ('individual', 'Петрова Анна') returning id`,
  );
  clientId = clients.rows[0].id;
  otherClientId = clients.rows[1].id;
  const users = await db.pool.query(
    "insert into users (login, full_name, password_hash, roles) values ('op', 'Оператор', 'x', '{operator}') returning id",
  );
  operatorId = users.rows[0].id;
});
afterAll(async () => db?.drop());

const base = {
  channel: 'email' as const,
  kind: 'simple' as const,
  topics: ['bill' as const],
  description: 'Прошу пояснить начисление за октябрь',
};

async function appealCount(): Promise<number> {
  const { rows } = await db.pool.query('select count(*)::int as n from appeals');
  return rows[0].n;
}

describe('registering an appeal', () => {
  it('assigns a number and the R-APL-3 deadline, and records the stage', async () => {
    clock.set('2026-11-27T03:00:00Z');
    const appeal = await appeals.register({
      ...base,
      clientId,
      replyAddress: 'ivanov@example.ru',
      userId: operatorId,
    });
    expect(appeal.regNumber).toMatch(/^ЕКЦ-2026-\d{6}$/);
    expect(appeal.state).toBe('registered');
    expect(appeal.deadlineAt.toISOString()).toBe('2026-12-02T16:59:59.000Z'); // 23:59:59 +07:00
    expect(appeal.dueAt).toEqual(appeal.deadlineAt);
    expect(appeal.interimDueAt).toBeNull();
    expect(appeal.replyChannel).toBe('email');
    const [event] = await appeals.history(appeal.id);
    expect(event).toMatchObject({ state: 'registered', userId: operatorId });
    expect(event!.data.regNumber).toBe(appeal.regNumber);
  });

  it('numbers by the local year: 2026-12-31T17:30Z is already 2027 in Krasnoyarsk', async () => {
    clock.set('2026-12-31T17:30:00Z');
    const appeal = await appeals.register({ ...base, channel: 'telegram', clientId });
    expect(appeal.regNumber).toBe('ЕКЦ-2027-000001');
    // Messenger: 1 working day after 1 January 2027 → Monday 11 January (holidays 1–8, weekend 9–10).
    expect(appeal.deadlineAt.toISOString()).toBe('2027-01-11T16:59:59.000Z');
  });

  it('gives concurrent registrations unique consecutive numbers', async () => {
    clock.set('2025-12-01T03:00:00Z'); // a year no other test numbers in
    const registered = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appeals.register({ ...base, channel: 'phone', kind: 'external', description: `обращение ${i}` }),
      ),
    );
    const sequences = registered.map((a) => Number(a.regNumber.split('-')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('gives the number back when registration fails (no gaps), and writes nothing', async () => {
    clock.set('2025-12-01T03:00:00Z');
    const before = await appealCount();
    await expect(
      appeals.register({ ...base, channel: 'phone', kind: 'external', clientId: 987654 }),
    ).rejects.toThrow(AppealValidationError);
    expect(await appealCount()).toBe(before);
    const next = await appeals.register({ ...base, channel: 'phone', kind: 'external' });
    expect(next.regNumber).toBe('ЕКЦ-2025-000041');
  });

  it('refuses bad input with every problem named and writes nothing', async () => {
    const before = await appealCount();
    const attempt = appeals.register({
      ...base,
      channel: 'fax' as never,
      topics: ['weather' as never],
      description: '   ',
    });
    await expect(attempt).rejects.toThrow(AppealValidationError);
    await attempt.catch((error: AppealValidationError) => {
      expect(error.problems.join('\n')).toMatch(/channel/);
      expect(error.problems.join('\n')).toMatch(/topics/);
      expect(error.problems.join('\n')).toMatch(/description is empty/);
    });
    expect(await appealCount()).toBe(before);
  });

  it('owes an interim answer only when an external organisation is needed (R-APL-4)', async () => {
    clock.set('2026-11-27T03:00:00Z');
    const appeal = await appeals.register({ ...base, kind: 'external', clientId });
    expect(appeal.deadlineAt.toISOString()).toBe('2026-12-27T16:59:59.000Z'); // 30 days
    expect(appeal.interimDueAt?.toISOString()).toBe('2026-12-02T16:59:59.000Z'); // 3 working days
    expect(appeal.dueAt).toEqual(appeal.interimDueAt);
  });

  it('notes a letter registered later than 1 working day after it arrived', async () => {
    clock.set('2026-12-02T03:00:00Z'); // Wednesday; the letter came on Friday 27 November
    const appeal = await appeals.register({
      ...base,
      channel: 'post',
      receivedAt: new Date('2026-11-27T03:00:00Z'),
      clientId,
    });
    const [event] = await appeals.history(appeal.id);
    expect(event!.data).toMatchObject({ registerBy: '2026-11-30T16:59:59.000Z', registeredLate: true });
  });

  it('links the interaction the appeal came from', async () => {
    const interactionId = '5b0c7c5e-8a0e-4c57-9a53-2f8a7f3f0a11';
    await db.pool.query(
      "insert into interactions (id, channel, state, started_at) values ($1, 'phone', 'connected', now())",
      [interactionId],
    );
    const appeal = await appeals.register({
      ...base,
      channel: 'phone',
      kind: 'complex',
      interactionId,
      clientId,
    });
    const { rows } = await db.pool.query('select appeal_id from interactions where id = $1', [interactionId]);
    expect(rows[0].appeal_id).toBe(appeal.id);
  });
});

describe('handling an appeal through every stage', () => {
  it('registered → in_progress → interim_answered → answered → closed, each stage recorded', async () => {
    clock.set('2026-11-27T03:00:00Z');
    const appeal = await appeals.register({
      ...base,
      kind: 'external',
      clientId,
      replyChannel: 'email',
      replyAddress: 'ivanov@example.ru',
    });
    clock.advance(3600_000);
    await appeals.startWork(appeal.id, { userId: operatorId });

    // The full answer may not be promised beyond the 30-day limit, nor in the past.
    await expect(
      appeals.interimAnswer(appeal.id, {
        text: 'Запросили сетевую организацию',
        fullAnswerDueAt: new Date('2026-12-28T00:00:00Z'),
      }),
    ).rejects.toThrow(/R-APL-4/);
    await expect(
      appeals.interimAnswer(appeal.id, { text: 'x', fullAnswerDueAt: new Date('2026-11-01T00:00:00Z') }),
    ).rejects.toThrow(AppealRuleError);

    const promised = new Date('2026-12-20T09:00:00Z');
    const interim = await appeals.interimAnswer(appeal.id, {
      text: 'Запросили сетевую организацию, ответим до 20 декабря',
      fullAnswerDueAt: promised,
      userId: operatorId,
    });
    expect(interim.state).toBe('interim_answered');
    expect(interim.dueAt).toEqual(promised);

    // R-APL-5: the client chose e-mail.
    await expect(appeals.answer(appeal.id, { text: 'Ответ', channel: 'sms' })).rejects.toThrow(/R-APL-5/);
    clock.advance(24 * 3600_000);
    const answered = await appeals.answer(appeal.id, { text: 'Перерасчёт выполнен', userId: operatorId });
    expect(answered).toMatchObject({
      state: 'answered',
      answerChannel: 'email',
      answerAddress: 'ivanov@example.ru',
    });
    expect(answered.answeredAt).toEqual(clock.now());

    const closed = await appeals.close(appeal.id, { userId: operatorId });
    expect(closed.closedAt).toEqual(clock.now());

    const history = await appeals.history(appeal.id);
    expect(history.map((e) => e.state)).toEqual([
      'registered',
      'in_progress',
      'interim_answered',
      'answered',
      'closed',
    ]);
    expect(history[3]!.data).toMatchObject({ channel: 'email', late: false });
  });

  it('refuses steps the current state does not allow, changing nothing', async () => {
    const appeal = await appeals.register({ ...base, clientId });
    await appeals.answer(appeal.id, { text: 'Ответ' });
    await appeals.close(appeal.id);
    await expect(appeals.answer(appeal.id, { text: 'ещё' })).rejects.toThrow(AppealStateError);
    await expect(appeals.startWork(appeal.id)).rejects.toThrow(/is closed; it cannot become in_progress/);
    expect((await appeals.get(appeal.id)).answer).toBe('Ответ');
    expect((await appeals.history(appeal.id)).length).toBe(3);
  });

  it('refuses an empty answer or a missing full-answer date as bad input', async () => {
    const appeal = await appeals.register({ ...base, clientId });
    await expect(appeals.answer(appeal.id, { text: '  ' })).rejects.toThrow(/answer text is empty/);
    await expect(appeals.interimAnswer(appeal.id, { text: 'x' } as never)).rejects.toThrow(/fullAnswerDueAt/);
    expect((await appeals.get(appeal.id)).state).toBe('registered');
  });

  it('reports unknown appeals', async () => {
    await expect(appeals.startWork(999_999)).rejects.toThrow(AppealNotFoundError);
    await expect(appeals.getByRegNumber('ЕКЦ-1999-000001')).rejects.toThrow(AppealNotFoundError);
  });
});

describe('no action (R-APL-6) and repeated questions (R-APL-7)', () => {
  it('records the reason and marks abusive appeals', async () => {
    const appeal = await appeals.register({ ...base, clientId });
    const done = await appeals.markNoAction(appeal.id, {
      reason: 'abusive',
      note: 'угрозы',
      userId: operatorId,
    });
    expect(done).toMatchObject({
      state: 'no_action',
      noActionReason: 'abusive',
      abusive: true,
      noActionNote: 'угрозы',
    });
    const history = await appeals.history(appeal.id);
    expect(history.at(-1)).toMatchObject({ state: 'no_action', note: 'угрозы', data: { reason: 'abusive' } });
  });

  it('points a repeated question to the same client’s answered appeal', async () => {
    const first = await appeals.register({ ...base, clientId });
    const repeated = await appeals.register({ ...base, clientId });
    await expect(appeals.markNoAction(repeated.id, { reason: 'repeated' })).rejects.toThrow(
      /needs the earlier appeal/,
    );
    await expect(
      appeals.markNoAction(repeated.id, { reason: 'repeated', previousAppealId: first.id }),
    ).rejects.toThrow(/has no answer/);
    await appeals.answer(first.id, { text: 'Ответ по существу' });
    const foreign = await appeals.register({ ...base, clientId: otherClientId });
    await appeals.answer(foreign.id, { text: 'Другой клиент' });
    await expect(
      appeals.markNoAction(repeated.id, { reason: 'repeated', previousAppealId: foreign.id }),
    ).rejects.toThrow(/another client/);
    const done = await appeals.markNoAction(repeated.id, { reason: 'repeated', previousAppealId: first.id });
    expect(done).toMatchObject({
      state: 'no_action',
      noActionReason: 'repeated',
      previousAppealId: first.id,
    });
  });
});

describe('lists', () => {
  it('lists a client’s appeals, newest first', async () => {
    const { rows } = await db.pool.query(
      "insert into clients (type, full_name) values ('legal_entity', 'ООО Ромашка') returning id",
    );
    const company = rows[0].id;
    clock.set('2026-11-23T03:00:00Z');
    const older = await appeals.register({ ...base, clientId: company });
    clock.set('2026-11-24T03:00:00Z');
    const newer = await appeals.register({ ...base, clientId: company });
    expect((await appeals.listForClient(company)).map((a) => a.id)).toEqual([newer.id, older.id]);
  });

  it('shows near-due and overdue open appeals by their next obligation', async () => {
    // A month of its own (2025) so appeals of other tests stay out of the lists.
    clock.set('2025-03-03T03:00:00Z'); // Monday 10:00 local
    const chat = await appeals.register({ ...base, channel: 'vk' }); // due Tue 4 March 23:59:59
    const mail = await appeals.register({ ...base, channel: 'email' }); // due Thu 6 March 23:59:59
    const answered = await appeals.register({ ...base, channel: 'vk' });
    await appeals.answer(answered.id, { text: 'Ответ' });

    clock.set('2025-03-03T17:00:00Z'); // Tue 00:00 local: the chat is due within 24 h
    expect((await appeals.nearDue()).map((a) => a.id)).toEqual([chat.id]);
    expect(await appeals.overdue()).toEqual([]);

    clock.set('2025-03-04T16:59:59Z'); // Tue 23:59:59 local: still in time
    expect((await appeals.overdue()).map((a) => a.id)).toEqual([]);
    clock.set('2025-03-04T17:00:00Z'); // Wed 00:00 local: overdue
    expect((await appeals.overdue()).map((a) => a.id)).toEqual([chat.id]);
    expect((await appeals.nearDue()).map((a) => a.id)).toEqual([]);
    expect((await appeals.nearDue(3 * 24 * 3600_000)).map((a) => a.id)).toEqual([mail.id]);
  });
});
