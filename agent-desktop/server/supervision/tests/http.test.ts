import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { buildDesktop, type Desktop } from '../../desktop.ts';
import { Browser, createUser, listen } from '../../tests/helpers.ts';
import { readWallboard } from '../redis/wallboard.ts';
import { insertAppeal, insertEvent, insertInteraction, seedReportFixtures } from './fixtures.ts';

/** Wednesday 25 Nov 2026, 10:00 in Krasnoyarsk: the ЕКЦ is open. */
const NOW = '2026-11-25T03:00:00.000Z';
const clock = new ManualClock(NOW);
let db: TestDatabase;
let redis: TestRedis;
let server: Server;
let base: string;
let desktop: Desktop;
const as: Record<string, Browser> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  desktop = buildDesktop(testServiceContext({ db, redis, clock, env: { LOGIN_RATE_PER_MINUTE: '1000' } }));
  ({ server, base } = await listen(desktop.app));
  for (const [login, roles] of [
    ['sv', ['supervisor']],
    ['qa', ['quality']],
    ['op', ['operator']],
    ['adm', ['admin']],
    ['op2', ['operator']],
  ] as const) {
    ids[login] = await createUser(db.pool, `sup-${login}`, [...roles]);
    as[login] = new Browser(base);
    expect((await as[login].login(`sup-${login}`)).status).toBe(200);
  }
  await seedReportFixtures(db.pool);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await redis?.cleanup();
  await db?.drop();
});

async function json(browser: Browser, method: string, path: string, body?: unknown) {
  const response = await browser.request(method, path, body);
  return {
    status: response.status, // biome-ignore lint/suspicious/noExplicitAny: test bodies are checked field by field
    body: (await response.json()) as Record<string, any>,
  };
}

describe('reports over HTTP', () => {
  const appeals = '/api/supervision/reports/appeals?from=2026-11-02&to=2026-11-02';

  it('gives the supervisor and quality control the report; operator and admin are refused', async () => {
    expect((await json(as.sv!, 'GET', appeals)).body.totals).toEqual({
      counts: { phone: 2, telegram: 1 },
      total: 3,
    });
    expect((await json(as.qa!, 'GET', appeals)).status).toBe(200);
    for (const who of ['op', 'adm']) {
      expect(await json(as[who]!, 'GET', appeals)).toEqual({
        status: 403,
        body: { error: 'Недостаточно прав для этого действия' },
      });
    }
  });

  it('exports CSV with a BOM, semicolons and a file name', async () => {
    const response = await as.sv!.request('GET', `${appeals}&format=csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="appeals_2026-11-02_2026-11-02.csv"',
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.split('\r\n')[0]).toBe('\uFEFFТема;Телефон;Telegram;Итого');
    const sla = await as.qa!.request(
      'GET',
      '/api/supervision/reports/sla?from=2026-11-02&to=2026-11-02&format=csv',
    );
    expect((await sla.text()).split('\r\n')[1]).toBe('Ответ оператора на вызов;не позднее 15 с;4;2;50');
  });

  it('refuses a bad period with a clear message', async () => {
    const bad = async (query: string) =>
      (await json(as.sv!, 'GET', `/api/supervision/reports/csat${query}`)).body;
    expect(await bad('?from=2026-11-03&to=2026-11-02')).toEqual({ error: 'начало периода позже его конца' });
    expect(await bad('?from=2026-02-30&to=2026-03-01')).toEqual({ error: 'такой даты нет в календаре' });
    expect((await json(as.sv!, 'GET', '/api/supervision/reports/csat')).status).toBe(400);
    expect((await bad('?from=2025-01-01&to=2026-11-02')).error).toBe('период не может быть длиннее года');
  });

  it("gives today's hours and queues from the clock's day in the ЕКЦ's zone", async () => {
    // Local 09:30 of the clock's day (25 Nov), answered after 20 s; one offer missed before that.
    const ix = await insertInteraction(db.pool, {
      queue: 'voice_reports',
      queuedAt: '2026-11-25T02:30:00Z',
      answeredAt: '2026-11-25T02:30:20Z',
      closedAt: '2026-11-25T02:35:00Z',
    });
    for (const [kind, at, data] of [
      ['acd_withdrawn', '2026-11-25T02:30:15Z', { reason: 'missed' }],
      ['acd_answered', '2026-11-25T02:30:20Z', { offerMs: 4_000, waitedMs: 20_000 }],
    ] as const) {
      await insertEvent(db.pool, { interactionId: ix, at, kind, data, queue: 'voice_reports' });
    }
    const { body } = await json(as.sv!, 'GET', '/api/supervision/wallboard/today');
    expect(body.day).toBe('2026-11-25');
    expect(body.hours).toHaveLength(24);
    expect(body.hours[9]).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1 });
    expect(body.hours[10]).toMatchObject({ offered: 0, serviceLevel: null });
    expect(body.queues).toEqual([
      expect.objectContaining({
        bucket: 'voice_reports',
        offered: 1,
        answered: 1,
        serviceLevel: 1,
        offersTakenShare: 0.5,
      }),
    ]);
  });
});

describe('appeals control', () => {
  const now = new Date(NOW).getTime();
  const at = (ms: number) => new Date(now + ms).toISOString();
  let overdue: number;
  let nearDue: number;
  let later: number;
  let answered: number;

  beforeAll(async () => {
    const registeredAt = '2026-11-20T03:00:00Z';
    overdue = await insertAppeal(db.pool, {
      channel: 'email',
      topics: ['bill'],
      registeredAt,
      deadlineAt: at(-1),
    });
    nearDue = await insertAppeal(db.pool, {
      channel: 'phone',
      topics: ['bill'],
      registeredAt,
      deadlineAt: at(23 * 3_600_000),
    });
    later = await insertAppeal(db.pool, {
      channel: 'phone',
      topics: ['bill'],
      registeredAt,
      deadlineAt: at(72 * 3_600_000),
    });
    answered = await insertAppeal(db.pool, {
      channel: 'phone',
      topics: ['bill'],
      registeredAt,
      deadlineAt: at(-3_600_000),
      state: 'answered',
      answeredAt: at(-7_200_000),
    });
  });

  it('lists overdue and near-due open appeals (answered ones are done)', async () => {
    const overdueIds = (await json(as.sv!, 'GET', '/api/supervision/appeals/overdue')).body.items.map(
      (a: { id: number }) => a.id,
    );
    expect(overdueIds).toContain(overdue);
    expect(overdueIds).not.toContain(answered);
    expect(overdueIds).not.toContain(nearDue);
    const near = (await json(as.sv!, 'GET', '/api/supervision/appeals/near-due')).body;
    expect(near.items.map((a: { id: number }) => a.id)).toEqual([nearDue]);
    const wider = (await json(as.sv!, 'GET', '/api/supervision/appeals/near-due?hours=73')).body;
    expect(wider.items.map((a: { id: number }) => a.id)).toEqual([nearDue, later]);
    expect((await json(as.sv!, 'GET', '/api/supervision/appeals/near-due?hours=0')).status).toBe(400);
    expect((await json(as.qa!, 'GET', '/api/supervision/appeals/overdue')).status).toBe(403);
  });

  it('reassigns to an operator, then to a department, each recorded with its reason', async () => {
    const path = `/api/supervision/appeals/${overdue}/reassign`;
    const toOperator = await json(as.sv!, 'POST', path, { userId: ids.op2, reason: 'Оператор в отпуске' });
    expect(toOperator).toEqual({
      status: 200,
      body: { status: 'reassigned', appealId: overdue, userId: ids.op2, department: null },
    });
    const toDepartment = await json(as.sv!, 'POST', path, {
      department: 'Юридический отдел',
      reason: 'Нужен юрист',
    });
    expect(toDepartment.body).toMatchObject({ userId: ids.op2, department: 'Юридический отдел' });
    const { rows } = await db.pool.query(
      'select state, user_id, note, data from appeal_events where appeal_id = $1 order by id',
      [overdue],
    );
    expect(rows).toEqual([
      {
        state: 'registered',
        user_id: ids.sv,
        note: 'Оператор в отпуске',
        data: {
          action: 'reassigned',
          from: { userId: null, department: null },
          to: { userId: ids.op2, department: null },
        },
      },
      {
        state: 'registered',
        user_id: ids.sv,
        note: 'Нужен юрист',
        data: {
          action: 'reassigned',
          from: { userId: ids.op2, department: null },
          to: { userId: ids.op2, department: 'Юридический отдел' },
        },
      },
    ]);
    const listed = (await json(as.sv!, 'GET', '/api/supervision/appeals/overdue')).body.items.find(
      (a: { id: number }) => a.id === overdue,
    );
    expect(listed).toMatchObject({
      assignedTo: { id: ids.op2, fullName: 'Тестовый sup-op2' },
      department: 'Юридический отдел',
    });
  });

  it('refuses what cannot be done, and changes nothing', async () => {
    const reassign = (id: number | string, body: unknown) =>
      json(as.sv!, 'POST', `/api/supervision/appeals/${id}/reassign`, body);
    expect(await reassign(nearDue, {})).toMatchObject({ status: 400 });
    expect((await reassign(nearDue, { userId: ids.op2 })).body.error).toBe('укажите причину передачи');
    expect((await reassign(nearDue, { reason: 'без адресата' })).body.error).toBe(
      'укажите оператора или подразделение',
    );
    expect(await reassign(nearDue, { userId: ids.adm, reason: 'не оператор' })).toEqual({
      status: 400,
      body: { error: 'Такого оператора нет или он отключён' },
    });
    expect((await reassign(answered, { userId: ids.op2, reason: 'поздно' })).status).toBe(409);
    expect((await reassign(987654, { userId: ids.op2, reason: 'нет такого' })).status).toBe(404);
    const { rows } = await db.pool.query(
      'select count(*)::int as n from appeal_events where appeal_id = any($1)',
      [[nearDue, answered]],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('recordings search', () => {
  let recordingId: string;
  let regNumber: string;

  beforeAll(async () => {
    const client = await db.pool.query(
      `insert into clients (type, full_name) values ('individual', 'Клиент Тест') returning id`,
    );
    const account = await db.pool.query(
      `insert into accounts (number, client_id, owner_full_name, area, settlement, house, full_address)
       values ('240011223', $1, 'Клиент Тест', 'Емельяновский', 'Сухобузимо', '1', 'Сухобузимо, 1') returning id`,
      [client.rows[0].id],
    );
    const appeal = await insertAppeal(db.pool, {
      channel: 'phone',
      topics: ['bill'],
      registeredAt: '2026-11-24T03:00:00Z',
    });
    const { rows } = await db.pool.query('select reg_number from appeals where id = $1', [appeal]);
    regNumber = rows[0].reg_number;
    recordingId = `rec_${randomUUID().replaceAll('-', '')}`;
    await db.pool.query(
      `insert into recordings (id, source_name, storage_key, format, size_bytes, sha256, caller_number, account_id,
         agent_ids, appeal_id, started_at, duration_ms, ingested_at)
       values ($1, $2, 'k', 'wav', 10, $3, '+79130000001', $4, $5, $6, '2026-11-24T04:00:00Z', 61000, now())`,
      [recordingId, `src-${recordingId}`, '0'.repeat(64), account.rows[0].id, [ids.op], appeal],
    );
  });

  it('finds by account number, appeal number, phone and day; names instead of ids', async () => {
    const found = await json(as.qa!, 'GET', '/api/supervision/recordings?account=240011223');
    expect(found.body.total).toBe(1);
    expect(found.body.items[0]).toMatchObject({
      id: recordingId,
      accountNumber: '240011223',
      appealRegNumber: regNumber,
      operators: [{ id: ids.op, fullName: 'Тестовый sup-op' }],
      durationMs: 61000,
    });
    expect(found.body.requireReason).toBe(false);
    const q = encodeURIComponent(regNumber);
    expect((await json(as.sv!, 'GET', `/api/supervision/recordings?appeal=${q}`)).body.total).toBe(1);
    expect(
      (
        await json(
          as.sv!,
          'GET',
          '/api/supervision/recordings?phone=%2B79130000001&from=2026-11-24&to=2026-11-24',
        )
      ).body.total,
    ).toBe(1);
    expect(
      (await json(as.sv!, 'GET', `/api/supervision/recordings?from=2026-11-25&agentId=${ids.op}`)).body.total,
    ).toBe(0);
    expect(await json(as.sv!, 'GET', '/api/supervision/recordings?account=000')).toEqual({
      status: 404,
      body: { error: 'Лицевой счёт с таким номером не найден' },
    });
    expect((await json(as.sv!, 'GET', '/api/supervision/recordings?phone=abc')).status).toBe(400);
    expect((await json(as.op!, 'GET', '/api/supervision/recordings')).status).toBe(403);
  });

  it('shows one recording and audits every look', async () => {
    const one = await json(as.sv!, 'GET', `/api/supervision/recordings/${recordingId}`);
    expect(one.body).toMatchObject({ id: recordingId, requireReason: false, callerNumber: '+79130000001' });
    expect((await json(as.sv!, 'GET', `/api/supervision/recordings/rec_${'0'.repeat(32)}`)).status).toBe(404);
    // From the client card an operator opens the calls they took part in, and only those.
    expect((await json(as.op!, 'GET', `/api/supervision/recordings/${recordingId}`)).status).toBe(200);
    expect(await json(as.op2!, 'GET', `/api/supervision/recordings/${recordingId}`)).toEqual({
      status: 403,
      body: { error: 'Эта запись Вам недоступна: Вы не участвовали в разговоре' },
    });
    expect((await json(as.adm!, 'GET', `/api/supervision/recordings/${recordingId}`)).status).toBe(403);
    const { rows } = await db.pool.query(
      `select action, user_id from audit_log where subject_type = 'recording' and action in ('recording.view', 'recording.search') order by id`,
    );
    expect(rows.filter((r) => r.action === 'recording.view')).toEqual([
      { action: 'recording.view', user_id: ids.sv },
      { action: 'recording.view', user_id: ids.op },
    ]);
    // The four searches that answered; refused ones (unknown account, bad phone) looked at nothing.
    expect(rows.filter((r) => r.action === 'recording.search')).toHaveLength(4);
  });
});

describe('wallboard state', () => {
  it('shows a missed 15 s offer as an alert and the operator not ready; the wait coloured', async () => {
    const acd = desktop.context.acd;
    await acd.defineQueue({ name: 'voice_wall', media: 'voice' });
    const agent = String(ids.op);
    await acd.login({ agentId: agent, skills: [{ queue: 'voice_wall' }], state: 'ready' });
    const ix = randomUUID();
    expect(await acd.enqueue({ id: ix, queue: 'voice_wall', channel: 'phone' })).toEqual({
      status: 'offered',
      agentId: agent,
    });
    clock.advance(15_001);
    await acd.processTimers();
    const state = await readWallboard(acd, clock.nowMs());
    expect(state.alerts[0]).toMatchObject({
      type: 'alert',
      kind: 'missed_offer',
      agent,
      ix,
      queue: 'voice_wall',
    });
    expect(state.agents.find((a) => a.agentId === agent)).toMatchObject({
      state: 'not_ready',
      reason: 'missed_offer',
    });
    const queue = state.queues.find((q) => q.name === 'voice_wall')!;
    expect(queue.figures.waiting).toBe(1);
    // The ACD's judgement of the wait travels with the figures: the colour now, and when it changes.
    expect(queue.figures.wait).toEqual({
      limits: { prealertMs: 80_000, alertMs: 100_000 },
      tone: 'ok',
      prealertAt: clock.nowMs() - 15_001 + 80_000,
      alertAt: clock.nowMs() - 15_001 + 100_000,
    });
    clock.advance(80_000 - 15_001);
    expect(
      (await readWallboard(acd, clock.nowMs())).queues.find((q) => q.name === 'voice_wall')!.figures.wait
        .tone,
    ).toBe('warn');
    clock.advance(20_000);
    expect(
      (await readWallboard(acd, clock.nowMs())).queues.find((q) => q.name === 'voice_wall')!.figures.wait
        .tone,
    ).toBe('bad');
    clock.set(NOW);
  });
  it('lists a waiting chat once its 15-minute first answer is 3 minutes away', async () => {
    const acd = desktop.context.acd;
    await acd.defineQueue({ name: 'chat_wall', media: 'chat' });
    const ix = randomUUID();
    await acd.enqueue({ id: ix, queue: 'chat_wall', channel: 'telegram' });
    const start = clock.nowMs();
    try {
      clock.set(start + 12 * 60_000 - 1);
      expect((await readWallboard(acd, clock.nowMs())).chatsNearing).toEqual([]);
      clock.set(start + 12 * 60_000);
      expect((await readWallboard(acd, clock.nowMs())).chatsNearing).toEqual([
        { ix, queue: 'chat_wall', dueAt: start + 15 * 60_000 },
      ]);
      // At the deadline it is no longer "nearing": the ACD's overdue alert takes over.
      clock.set(start + 15 * 60_000);
      expect((await readWallboard(acd, clock.nowMs())).chatsNearing).toEqual([]);
    } finally {
      clock.set(NOW);
    }
  });
});
