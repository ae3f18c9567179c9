import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealDeadline } from '../../../../core/calendar/index.ts';
import type { Browser } from '../../tests/helpers.ts';
import {
  auditActions,
  CALL_ID,
  createUser,
  FRIDAY_EVENING,
  json,
  type RecordsWorld,
  startRecordsWorld,
} from './support.ts';

let world: RecordsWorld;
let anna: Browser;
let annaId: number;
let boris: Browser;

beforeAll(async () => {
  world = await startRecordsWorld();
  annaId = await createUser(world.db.pool, 'appeal-anna', ['operator']);
  await createUser(world.db.pool, 'appeal-boris', ['operator']);
  anna = await world.signIn('appeal-anna');
  boris = await world.signIn('appeal-boris');
});
afterAll(async () => {
  await world?.close();
});

const PHONE_COMPLEX = {
  channel: 'phone',
  kind: 'complex',
  topics: ['bill', 'bill', 'payment_missing'],
  description: 'Клиент не видит оплату от 9 октября в квитанции',
  accountId: 1,
  interactionId: CALL_ID,
};

describe('deadline and registration', () => {
  it('offers the vocabulary with Russian labels', async () => {
    const options = (await anna.request('GET', '/api/records/appeal-options').then(json)).body;
    expect(options.topics).toHaveLength(18);
    expect(options.topics[0]).toEqual({ id: 'balance', label: expect.stringMatching(/^[А-Я]/) });
    expect(options.kinds.map((k: { id: string }) => k.id)).toEqual([
      'simple',
      'complex',
      'with_departments',
      'external',
    ]);
    expect(options.channels.find((c: { id: string }) => c.id === 'phone').label).toBe('Телефон');
  });

  it('shows before saving the deadline the calendar gives a Friday-evening phone appeal, and registers with it', async () => {
    const preview = await anna
      .request('POST', '/api/records/appeals/deadline', { channel: 'phone', kind: 'complex' })
      .then(json);
    expect(preview.status).toBe(200);
    const calendar = appealDeadline({
      channel: 'phone',
      kind: 'answer',
      registeredAt: new Date(FRIDAY_EVENING),
      timeZone: 'Asia/Krasnoyarsk',
    });
    // 1 working day after Friday is Monday 30 November; the day ends 23:59:59 in Krasnoyarsk.
    expect(calendar.toISOString()).toBe('2026-11-30T16:59:59.000Z');
    expect(preview.body).toMatchObject({
      deadlineAt: calendar.toISOString(),
      interimDueAt: null,
      rule: '1 рабочий день',
    });

    const created = await anna.request('POST', '/api/records/appeals', PHONE_COMPLEX).then(json);
    expect(created.status).toBe(201);
    expect(created.body.appeal).toMatchObject({
      regNumber: 'ЕКЦ-2026-000001',
      deadlineAt: calendar.toISOString(),
      clientId: 1,
      accountId: 1,
      topics: ['bill', 'payment_missing'],
      assignedTo: annaId,
      state: 'registered',
      dueStatus: 'on_time',
    });
    const { rows } = await world.db.pool.query('select appeal_id from interactions where id = $1', [CALL_ID]);
    expect(rows[0].appeal_id).toBe(created.body.appeal.id);
    const audit = (await auditActions(world, annaId)).find((row) => row.action === 'appeal.register');
    expect(audit).toMatchObject({
      subject_type: 'appeal',
      client_id: 1,
      details: { regNumber: 'ЕКЦ-2026-000001' },
    });
  });

  it('gives external appeals an interim-answer date and other channels their own limits', async () => {
    const external = await anna
      .request('POST', '/api/records/appeals/deadline', { channel: 'phone', kind: 'external' })
      .then(json);
    // 30 calendar days from Friday 27 November; the interim answer within 3 working days (Wednesday).
    expect(external.body).toMatchObject({
      deadlineAt: '2026-12-27T16:59:59.000Z',
      interimDueAt: '2026-12-02T16:59:59.000Z',
      rule: '30 календарных дней',
    });
    const email = await anna
      .request('POST', '/api/records/appeals/deadline', { channel: 'email', kind: 'with_departments' })
      .then(json);
    expect(email.body).toMatchObject({ rule: '10 рабочих дней' });
  });

  it('refuses bad input in Russian and saves nothing', async () => {
    const empty = await anna.request('POST', '/api/records/appeals', {}).then(json);
    expect(empty.status).toBe(400);
    expect(empty.body.problems.map((p: { message: string }) => p.message)).toEqual([
      'Выберите канал обращения',
      'Выберите вид обращения',
      'Выберите тему обращения',
      'Опишите суть обращения',
    ]);
    const noAddress = await anna
      .request('POST', '/api/records/appeals', {
        ...PHONE_COMPLEX,
        replyChannel: 'email',
        interactionId: undefined,
      })
      .then(json);
    expect(noAddress).toMatchObject({
      status: 400,
      body: { error: 'Укажите адрес для ответа (почтовый, электронный или номер для SMS)' },
    });
    const unknownAccount = await anna
      .request('POST', '/api/records/appeals', { ...PHONE_COMPLEX, accountId: 999 })
      .then(json);
    expect(unknownAccount).toEqual({ status: 404, body: { error: 'Лицевой счёт не найден' } });
    const { rows } = await world.db.pool.query('select count(*)::int as n from appeals');
    expect(rows[0].n).toBe(1);
  });
});

describe('my appeals and the later stages', () => {
  it('lists my appeals with near-due and overdue marks by the clock', async () => {
    const mine = await anna.request('GET', '/api/records/appeals/mine').then(json);
    expect(mine.body.appeals.map((a: { regNumber: string }) => a.regNumber)).toEqual(['ЕКЦ-2026-000001']);
    expect((await boris.request('GET', '/api/records/appeals/mine').then(json)).body.appeals).toEqual([]);

    world.clock.set('2026-11-29T17:00:00Z'); // Monday 00:00 local: 23 h 59 min 59 s left
    const near = await (await world.signIn('appeal-anna'))
      .request('GET', '/api/records/appeals/mine')
      .then(json);
    expect(near.body.appeals[0].dueStatus).toBe('near_due');
    world.clock.set('2026-11-29T16:59:58Z'); // a second more than a day before the deadline
    expect(
      (await (await world.signIn('appeal-anna')).request('GET', '/api/records/appeals/mine').then(json)).body
        .appeals[0].dueStatus,
    ).toBe('on_time');
    world.clock.set('2026-11-30T17:00:00Z'); // Tuesday 00:00 local
    anna = await world.signIn('appeal-anna');
    const late = await anna.request('GET', '/api/records/appeals/mine').then(json);
    expect(late.body.appeals[0].dueStatus).toBe('overdue');
  });

  it("records the answer for the client's channel, saying who still has to send it; another operator may not", async () => {
    const id = (await anna.request('GET', '/api/records/appeals/mine').then(json)).body.appeals[0].id;
    boris = await world.signIn('appeal-boris');
    const foreign = await boris
      .request('POST', `/api/records/appeals/${id}/answer`, { text: 'Ответ' })
      .then(json);
    expect(foreign).toEqual({ status: 403, body: { error: 'Это обращение назначено другому сотруднику' } });
    expect((await anna.request('POST', `/api/records/appeals/${id}/answer`, {}).then(json)).body.error).toBe(
      'Введите текст ответа',
    );

    const answered = await anna
      .request('POST', `/api/records/appeals/${id}/answer`, { text: 'Оплата зачтена 10 октября.' })
      .then(json);
    expect(answered.status).toBe(200);
    expect(answered.body.appeal).toMatchObject({
      state: 'answered',
      answerChannel: 'phone',
      dueStatus: 'done',
    });
    // A phone answer is given in a call: a task in the operator's list, not a send.
    expect(answered.body.appeal.deliveries).toEqual([
      expect.objectContaining({ purpose: 'answer', status: 'call_back', statusLabel: 'Перезвоните клиенту' }),
    ]);
    const deliveryId = answered.body.appeal.deliveries[0].id;
    const noNote = await anna.request('POST', `/api/records/appeals/${id}/deliveries/${deliveryId}/done`, {});
    expect(noNote.status).toBe(400);
    const called = await anna
      .request('POST', `/api/records/appeals/${id}/deliveries/${deliveryId}/done`, {
        note: 'Сообщён по телефону',
      })
      .then(json);
    expect(called.body.delivery).toMatchObject({ status: 'sent', canMarkDone: false });
    const twice = await anna.request('POST', `/api/records/appeals/${id}/deliveries/${deliveryId}/done`, {
      note: 'Ещё раз',
    });
    expect(twice.status).toBe(409);
    expect(
      (await anna.request('POST', `/api/records/appeals/${id}/deliveries/${deliveryId}/retry`, {})).status,
    ).toBe(409);
    const again = await anna
      .request('POST', `/api/records/appeals/${id}/answer`, { text: 'Ещё раз' })
      .then(json);
    expect(again.status).toBe(409);
    const detail = await anna.request('GET', `/api/records/appeals/${id}`).then(json);
    expect(detail.body.history.map((h: { stateLabel: string }) => h.stateLabel)).toEqual([
      'зарегистрировано',
      'дан ответ',
      'сообщение отправлено клиенту',
    ]);
    const actions = (await auditActions(world, annaId)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['appeal.answer', 'appeal.view']));
  });

  it('takes an interim answer with the full-answer date inside the limit, and no-action with a reason', async () => {
    const external = await anna
      .request('POST', '/api/records/appeals', { ...PHONE_COMPLEX, kind: 'external', interactionId: null })
      .then(json);
    const id = external.body.appeal.id;
    const tooLate = await anna
      .request('POST', `/api/records/appeals/${id}/interim`, {
        text: 'Запрос в сетевую компанию',
        fullAnswerDueOn: '2027-02-01',
      })
      .then(json);
    expect(tooLate).toMatchObject({ status: 422 });
    expect(tooLate.body.error).toContain('не более 30 дней');
    const interim = await anna
      .request('POST', `/api/records/appeals/${id}/interim`, {
        text: 'Запрос в сетевую компанию',
        fullAnswerDueOn: '2026-12-20',
      })
      .then(json);
    expect(interim.body.appeal).toMatchObject({
      state: 'interim_answered',
      fullAnswerDueAt: '2026-12-20T16:59:59.000Z',
    });

    const abusive = await anna
      .request('POST', '/api/records/appeals', {
        ...PHONE_COMPLEX,
        interactionId: null,
        description: 'Угрозы',
      })
      .then(json);
    const noReason = await anna
      .request('POST', `/api/records/appeals/${abusive.body.appeal.id}/no-action`, {})
      .then(json);
    expect(noReason.body.error).toBe('Выберите причину, по которой обращение оставлено без ответа');
    const closed = await anna
      .request('POST', `/api/records/appeals/${abusive.body.appeal.id}/no-action`, {
        reason: 'abusive',
        note: 'угрозы в адрес оператора',
      })
      .then(json);
    expect(closed.body.appeal).toMatchObject({
      state: 'no_action',
      noActionReason: 'abusive',
      abusive: true,
    });
    expect(
      (await anna.request('POST', '/api/records/appeals/999/no-action', { reason: 'abusive' })).status,
    ).toBe(404);

    // R-APL-7: a repeated question points to the earlier answered appeal, named by its number.
    const repeated = await anna
      .request('POST', '/api/records/appeals', {
        ...PHONE_COMPLEX,
        interactionId: null,
        description: 'Снова про оплату',
      })
      .then(json);
    const repeatedUrl = `/api/records/appeals/${repeated.body.appeal.id}/no-action`;
    const withoutNumber = await anna.request('POST', repeatedUrl, { reason: 'repeated' }).then(json);
    expect(withoutNumber).toEqual({
      status: 422,
      body: { error: 'Для повторного обращения укажите предыдущее обращение с ответом' },
    });
    const unknown = await anna
      .request('POST', repeatedUrl, { reason: 'repeated', previousRegNumber: 'ЕКЦ-2026-000999' })
      .then(json);
    expect(unknown).toMatchObject({ status: 400, body: { error: 'Обращение с таким номером не найдено' } });
    const unanswered = await anna
      .request('POST', repeatedUrl, { reason: 'repeated', previousRegNumber: external.body.appeal.regNumber })
      .then(json);
    expect(unanswered.body.error).toBe('На предыдущее обращение ещё не дан ответ — сослаться на него нельзя');
    const pointed = await anna
      .request('POST', repeatedUrl, { reason: 'repeated', previousRegNumber: 'екц-2026-000001' })
      .then(json);
    expect(pointed.body.appeal).toMatchObject({
      state: 'no_action',
      noActionReason: 'repeated',
      previousAppealId: 1,
    });
  });
});
