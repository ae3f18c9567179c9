import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDesktop } from '../../agent-desktop/server/desktop.ts';
import { Browser, createUser, listen } from '../../agent-desktop/server/tests/helpers.ts';
import { testServiceContext } from '../../core/testing/context.ts';
import { NoticeChannel } from '../channels/notices.ts';
import { UTF8_BOM } from '../http/export.ts';
import { addDebtor, createHarness, eventually, type Harness } from './harness.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk: inside the window.
const START = '2026-12-01T05:00:00Z';

const definition = {
  name: 'Долг за ноябрь',
  purpose: 'debt_reminder',
  channels: ['online_account', 'sms'],
  audience: { kind: 'csv' },
  templates: {
    online_account: { title: 'Задолженность', text: 'По счёту {{account}} долг {{amount}} ₽.' },
    sms: 'Долг по л/с {{account}}: {{amount}} руб. Оплатите до {{due_date}}.',
  },
  startsAt: '2026-12-01T00:00:00Z',
  endsAt: '2026-12-20T00:00:00Z',
};

describe('supervisor API over HTTP (through the desktop, signed in)', () => {
  let h: Harness;
  let server: Server;
  let supervisor: Browser;
  let supervisorId: number;
  let base: string;
  let id: number;

  beforeAll(async () => {
    h = await createHarness({ start: START });
    const desktop = buildDesktop(
      testServiceContext({
        db: h.db,
        redis: h.redis,
        clock: h.clock,
        env: { HOTLINE_TZ: 'Asia/Krasnoyarsk' },
      }),
    );
    ({ server, base } = await listen(desktop.app));
    supervisorId = await createUser(h.db.pool, 'sv', ['supervisor']);
    await createUser(h.db.pool, 'op', ['operator']);
    await createUser(h.db.pool, 'adm', ['admin']);
    supervisor = new Browser(base);
    expect((await supervisor.login('sv')).status).toBe(200);
    for (const client of [41, 42, 43])
      await addDebtor(h.db.pool, { id: client, debtKopecks: 234150 + client });
    await h.db.pool.query('update accounts set closed_at = now() where id = 43');
    h.deps.senders.online_account = new NoticeChannel('online_account', h.db.pool, () => h.clock.now());
    h.startWorkers(['online_account']);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  const audit = async (action: string) =>
    (
      await h.db.pool.query(
        `select user_id::int, actor, details from audit_log where action = $1 and subject_id = $2 order by id`,
        [action, String(id)],
      )
    ).rows;

  it('answers 401 to nobody and 403 to operators and admins', async () => {
    expect((await new Browser(base).request('GET', '/api/campaigns')).status).toBe(401);
    for (const login of ['op', 'adm']) {
      const browser = new Browser(base);
      await browser.login(login);
      const response = await browser.request('POST', '/api/campaigns', definition);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'Недостаточно прав для этого действия' });
    }
    expect((await h.db.pool.query('select count(*)::int as n from campaigns')).rows[0].n).toBe(0);
  });

  it('refuses a bad definition with every problem in Russian', async () => {
    const response = await supervisor.request('POST', '/api/campaigns', {
      ...definition,
      name: '',
      endsAt: '2026-11-01T00:00:00Z',
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; problems: string[] };
    expect(body.error).toBe('Кампания заполнена с ошибками');
    expect(body.problems).toContain('endsAt: дата окончания должна быть позже даты начала');
    expect(body.problems.find((p) => p.startsWith('name:'))).toMatch(/name: Слишком маленькое значение/);
    const tooLong = await supervisor.request('POST', '/api/campaigns', {
      ...definition,
      templates: { ...definition.templates, sms: `${'Ж'.repeat(150)} {{account}}` },
    });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { problems: string[] }).problems[0]).toMatch(/^SMS: /);
  });

  it('creates and edits a draft, audited with the supervisor’s user id', async () => {
    const created = await supervisor.request('POST', '/api/campaigns', definition);
    expect(created.status).toBe(201);
    const campaign = (await created.json()) as { id: number; state: string; progress: { planned: number } };
    id = campaign.id;
    expect(campaign).toMatchObject({ state: 'draft', progress: { planned: 0 } });
    const edited = await supervisor.request('PUT', `/api/campaigns/${id}`, {
      ...definition,
      name: 'Долг: декабрь',
    });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { name: string }).name).toBe('Долг: декабрь');
    expect(await audit('campaign.create')).toMatchObject([
      { user_id: supervisorId, actor: `user:${supervisorId}` },
    ]);
    expect(await audit('campaign.edit')).toMatchObject([{ user_id: supervisorId }]);
    const list = (await (await supervisor.request('GET', '/api/campaigns?state=draft')).json()) as {
      items: Array<{ id: number; progress: object }>;
      total: number;
    };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id, progress: { planned: 0, pending: 0, optedOut: 0 } });
    const badFilter = await supervisor.request('GET', '/api/campaigns?state=sleeping');
    expect(badFilter.status).toBe(400);
  });

  it('previews an example, then an unsaved definition with the SMS count as the gateway counts', async () => {
    const preview = await supervisor.request('POST', `/api/campaigns/${id}/preview`, {});
    const body = (await preview.json()) as {
      sample: { source: string };
      messages: Array<{
        channel: string;
        text: string;
        sms?: { encoding: string; characters: number; segments: number };
      }>;
    };
    expect(body.sample.source).toBe('example');
    const sms = body.messages.find((m) => m.channel === 'sms')!;
    expect(sms.text).toBe('Долг по л/с 1900000001: 2 341,50 руб. Оплатите до 10.12.2026.');
    expect(sms.sms).toEqual({ encoding: 'ucs2', characters: sms.text.length, segments: 1 });
    const draft = await supervisor.request('POST', '/api/campaigns/preview', {
      campaign: { ...definition, channels: ['sms'], templates: { sms: `${'Ж'.repeat(71)}` } },
    });
    expect(((await draft.json()) as typeof body).messages[0]!.sms).toEqual({
      encoding: 'ucs2',
      characters: 71,
      segments: 2,
    });
  });

  it('takes a CSV audience only without errors, listing bad rows by line (text/csv or JSON)', async () => {
    const refused = await supervisor.request('PUT', `/api/campaigns/${id}/audience`, undefined, {
      'content-type': 'text/csv',
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { rows: unknown[] }).rows).toEqual([
      { line: 1, message: 'В заголовке нет столбца «account» (номер лицевого счёта)' },
    ]);
    const withErrors = await fetch(`${base}/api/campaigns/${id}/audience`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf },
      body: 'account;date\n1900000041;15.12.2026\n1900000043;\nабв;\n',
    });
    expect(withErrors.status).toBe(422);
    const errors = (await withErrors.json()) as { rows: Array<{ line: number; message: string }> };
    expect(errors.rows.map((r) => r.line)).toEqual([3, 4]);
    expect(errors.rows[0]!.message).toBe('Лицевой счёт 1900000043 закрыт');
    const accepted = await supervisor.request('PUT', `/api/campaigns/${id}/audience`, {
      csv: 'account;date\n1900000041;15.12.2026\n1900000042;15.12.2026\n',
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      added: 2,
      campaign: { progress: { planned: 2, pending: 2 } },
    });
    expect(await audit('campaign.audience_upload')).toMatchObject([
      { user_id: supervisorId, details: { rows: 2 } },
    ]);
  });

  it('previews for a real client with the debt billing reports', async () => {
    const response = await supervisor.request('POST', `/api/campaigns/${id}/preview`, {
      account: '1900000042',
    });
    const body = (await response.json()) as { sample: { source: string }; messages: Array<{ text: string }> };
    expect(body.sample.source).toBe('account');
    expect(body.messages[0]!.text).toBe('По счёту 1900000042 долг 2 341,92 ₽.');
    const unknown = await supervisor.request('POST', `/api/campaigns/${id}/preview`, {
      account: '1900000777',
    });
    expect(unknown.status).toBe(404);
  });

  it('schedules, starts (edit refused now), delivers; progress and history follow', async () => {
    expect((await supervisor.request('POST', `/api/campaigns/${id}/start`, {})).status).toBe(409);
    expect((await supervisor.request('POST', `/api/campaigns/${id}/schedule`, {})).status).toBe(200);
    const started = await supervisor.request('POST', `/api/campaigns/${id}/start`, {});
    expect(await started.json()).toMatchObject({ planned: 2, campaign: { state: 'running' } });
    const edit = await supervisor.request('PUT', `/api/campaigns/${id}`, definition);
    expect(edit.status).toBe(409);
    expect(((await edit.json()) as { error: string }).error).toBe(
      'Действие «edit» невозможно: кампания идёт',
    );
    await eventually(async () => {
      const got = (await (await supervisor.request('GET', `/api/campaigns/${id}`)).json()) as {
        state: string;
        progress: { positive: number; attempted: number };
      };
      return got.state === 'finished' && got.progress.positive === 2 && got.progress.attempted === 2;
    });
    const first = (await (
      await supervisor.request('GET', `/api/campaigns/${id}/contacts?limit=1`)
    ).json()) as {
      items: Array<{
        accountNumber: string;
        state: string;
        attempts: Array<{ channel: string; result: string }>;
      }>;
      nextAfter: number;
    };
    expect(first.items).toMatchObject([
      {
        accountNumber: '1900000041',
        state: 'positive',
        attempts: [{ channel: 'online_account', result: 'positive' }],
      },
    ]);
    const second = (await (
      await supervisor.request('GET', `/api/campaigns/${id}/contacts?limit=1&after=${first.nextAfter}`)
    ).json()) as { items: Array<{ accountNumber: string }>; nextAfter: number | null };
    expect(second.items.map((c) => c.accountNumber)).toEqual(['1900000042']);
    expect(second.nextAfter).toBeNull();
    expect(await audit('campaign.start')).toMatchObject([
      { user_id: supervisorId, details: { from: 'scheduled' } },
    ]);
  });

  it('exports the results as CSV for Excel: BOM, ";" separated, one row per contact; audited', async () => {
    const response = await supervisor.request('GET', `/api/campaigns/${id}/results.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="campaign-${id}-results.csv"`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const lines = text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Контакт;Лицевой счёт;Клиент (id);Состояние;Причина;Канал;Попыток;Последняя попытка (Asia/Krasnoyarsk);' +
        'Канал последней попытки;Результат последней попытки;Подробности;Завершён (Asia/Krasnoyarsk)',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]!.split(';').slice(1, 11)).toEqual([
      '1900000041',
      '41',
      'положительный',
      'online_account_positive',
      'личный кабинет',
      '1',
      '01.12.2026 12:00:00',
      'личный кабинет',
      'положительный',
      'stored',
    ]);
    expect(await audit('campaign.export')).toMatchObject([{ user_id: supervisorId }]);
  });

  it('pauses, resumes and stops only where the state machine allows, each audited', async () => {
    const other = (await (await supervisor.request('POST', '/api/campaigns', definition)).json()) as {
      id: number;
    };
    expect((await supervisor.request('POST', `/api/campaigns/${other.id}/pause`, {})).status).toBe(409);
    const stopped = await supervisor.request('POST', `/api/campaigns/${other.id}/stop`, {});
    expect(await stopped.json()).toMatchObject({ campaign: { state: 'stopped' } });
    const { rows } = await h.db.pool.query(
      `select user_id::int, details from audit_log where action = 'campaign.stop' and subject_id = $1`,
      [String(other.id)],
    );
    expect(rows).toEqual([{ user_id: supervisorId, details: { from: 'draft', to: 'stopped' } }]);
    expect((await supervisor.request('GET', '/api/campaigns/rec_1')).status).toBe(400);
    expect((await supervisor.request('GET', '/api/campaigns/999999')).status).toBe(404);
  });

  it('a filter audience is expanded at schedule; running → paused → running → stopped over HTTP', async () => {
    // E-mail has no worker in this test: the contacts wait in their queue, the states are ours to drive.
    const created = await supervisor.request('POST', '/api/campaigns', {
      ...definition,
      channels: ['email'],
      audience: { kind: 'filter', accountNumbers: ['1900000041', '1900000042'] },
      templates: { email: { subject: 'Задолженность', text: 'Долг {{amount}} ₽.' } },
    });
    const { id: filtered } = (await created.json()) as { id: number };
    const scheduled = await supervisor.request('POST', `/api/campaigns/${filtered}/schedule`, {});
    expect(await scheduled.json()).toMatchObject({
      campaign: { state: 'scheduled', progress: { planned: 2 } },
    });
    for (const [action, state] of [
      ['start', 'running'],
      ['pause', 'paused'],
      ['resume', 'running'],
      ['stop', 'stopped'],
    ] as const) {
      const response = await supervisor.request('POST', `/api/campaigns/${filtered}/${action}`, {});
      expect(response.status).toBe(200);
      expect(((await response.json()) as { campaign: { state: string } }).campaign.state).toBe(state);
    }
    const progress = (await (await supervisor.request('GET', `/api/campaigns/${filtered}`)).json()) as {
      progress: { stopped: number; pending: number };
    };
    expect(progress.progress).toMatchObject({ stopped: 2, pending: 0 });
    const { rows } = await h.db.pool.query(
      `select action from audit_log where subject_type = 'campaign' and subject_id = $1 and user_id = $2 order by id`,
      [String(filtered), supervisorId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'campaign.create',
      'campaign.schedule',
      'campaign.plan',
      'campaign.start',
      'campaign.pause',
      'campaign.resume',
      'campaign.stop',
    ]);
  });
});
