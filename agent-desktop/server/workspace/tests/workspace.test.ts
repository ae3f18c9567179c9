import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeService } from '../../../../core/nlu/knowledge/service.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { OutboxWriter, saveQueue, saveSkills } from '../../acd/index.ts';
import { buildDesktop, type Desktop } from '../../desktop.ts';
import { Browser, createUser, listen } from '../../tests/helpers.ts';

// Wednesday 10:00 in Krasnoyarsk: ЕКЦ working hours, so the break rule (R-ACD-6) applies.
const clock = new ManualClock('2026-11-25T03:00:00Z');
let db: TestDatabase;
let redis: TestRedis;
let server: Server;
let desktop: Desktop;
const ids: Record<string, number> = {};
const as: Record<string, Browser> = {};

interface View {
  signedIn: boolean;
  state: string;
  reason: string | null;
  since: number | null;
  queues: string[];
  work: Array<{
    id: string;
    state: string;
    media: string;
    offerDeadline: number | null;
    wrapUpDeadline: number | null;
    account: { id: number; number: string } | null;
  }>;
}

async function call(who: string, method: string, path: string, body?: unknown) {
  const response = await as[who]!.request(method, path, method === 'GET' ? undefined : (body ?? {}));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const view = async (who: string) => (await call(who, 'GET', '/api/workspace')).body as unknown as View;
const enqueueCall = async (id = randomUUID()) => {
  await desktop.context.acd.enqueue({ id, queue: 'ws_voice', channel: 'phone', topics: ['balance'] });
  return id;
};

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  desktop = buildDesktop(
    testServiceContext({
      db,
      redis,
      clock,
      env: { LOGIN_RATE_PER_MINUTE: '1000', HOTLINE_TZ: 'Asia/Krasnoyarsk' },
    }),
  );
  let base: string;
  ({ server, base } = await listen(desktop.app));
  // Queues only in PostgreSQL: signing in publishes them to the ACD when Redis lacks them.
  await saveQueue(db.pool, { name: 'ws_voice', media: 'voice' });
  await saveQueue(db.pool, { name: 'ws_chat', media: 'chat' });
  for (const login of ['ws-one', 'ws-two', 'ws-none', 'ws-sup']) {
    ids[login] = await createUser(db.pool, login, [login === 'ws-sup' ? 'supervisor' : 'operator']);
    as[login] = new Browser(base);
    expect((await as[login]!.login(login)).status).toBe(200);
  }
  for (const login of ['ws-one', 'ws-two'])
    await saveSkills(db.pool, String(ids[login]), [
      { queue: 'ws_voice', level: 5 },
      { queue: 'ws_chat', level: 5 },
    ]);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await redis?.cleanup();
  await db?.drop();
});

describe('state control', () => {
  it('tells an operator without queues to ask the admin', async () => {
    const reply = await call('ws-none', 'POST', '/api/workspace/sign-in', {});
    expect(reply.status).toBe(409);
    expect(reply.body.error).toBe('Вам не назначены очереди. Пожалуйста, обратитесь к администратору.');
  });

  it('is for operators only', async () => {
    expect((await call('ws-sup', 'GET', '/api/workspace')).status).toBe(403);
  });

  it('signs in with the skills from the database, then ready', async () => {
    const before = await view('ws-one');
    expect(before).toMatchObject({ signedIn: false, state: 'offline', queues: ['ws_chat', 'ws_voice'] });
    expect((await call('ws-one', 'POST', '/api/workspace/state', { state: 'ready' })).body.error).toBe(
      'Сначала войдите в очереди.',
    );
    const signedIn = await call('ws-one', 'POST', '/api/workspace/sign-in', {});
    expect(signedIn.body).toMatchObject({ signedIn: true, state: 'not_ready', reason: 'break' });
    clock.advance(1_000);
    const ready = await call('ws-one', 'POST', '/api/workspace/state', { state: 'ready' });
    expect(ready.body).toMatchObject({ state: 'ready', reason: null, since: clock.nowMs() });
    expect(await desktop.context.acd.agent(String(ids['ws-one']))).toMatchObject({ cap: '3' });
  });

  it('refuses a break that would leave a queue without a ready operator, in Russian', async () => {
    const noReason = await call('ws-one', 'POST', '/api/workspace/state', { state: 'not_ready' });
    expect(noReason).toEqual({ status: 400, body: { error: 'Укажите причину перерыва' } });
    const missed = await call('ws-one', 'POST', '/api/workspace/state', {
      state: 'not_ready',
      reason: 'missed_offer',
    });
    expect(missed.status).toBe(400);
    const alone = await call('ws-one', 'POST', '/api/workspace/state', {
      state: 'not_ready',
      reason: 'lunch',
    });
    expect(alone.status).toBe(409);
    expect(alone.body.error).toMatch(/^Сейчас уйти на перерыв нельзя: в очереди «ws_(chat|voice)»/);
    expect((await view('ws-one')).state).toBe('ready');

    await call('ws-two', 'POST', '/api/workspace/sign-in', { ready: true });
    const allowed = await call('ws-one', 'POST', '/api/workspace/state', {
      state: 'not_ready',
      reason: 'lunch',
    });
    expect(allowed.body).toMatchObject({ state: 'not_ready', reason: 'lunch' });
    // Now ws-two is the last one ready: its break is refused, ws-one comes back, then it may go.
    expect(
      (await call('ws-two', 'POST', '/api/workspace/state', { state: 'not_ready', reason: 'break' })).status,
    ).toBe(409);
    await call('ws-one', 'POST', '/api/workspace/state', { state: 'ready' });
    const training = await call('ws-two', 'POST', '/api/workspace/state', {
      state: 'not_ready',
      reason: 'training',
    });
    expect(training.body).toMatchObject({ state: 'not_ready', reason: 'training' });
  });
});

describe('offers, the active interaction and wrap-up', () => {
  let first: string;

  it('shows the offer with its deadline 15 s after the offer; accepting at exactly 15 s works', async () => {
    first = await enqueueCall();
    const offered = await view('ws-one');
    expect(offered.state).toBe('offered');
    expect(offered.work).toMatchObject([
      { id: first, state: 'offered', media: 'voice', offerDeadline: clock.nowMs() + 15_000, account: null },
    ]);
    clock.advance(15_000);
    expect(await call('ws-one', 'POST', `/api/workspace/interactions/${first}/accept`)).toEqual({
      status: 200,
      body: { already: false },
    });
    // The SIP leg answers too and the IVR accepts: still 'accepted', so the IVR bridges the call.
    expect(await desktop.context.acd.accept(first, String(ids['ws-one']))).toBe('accepted');
    // …and a browser accept after the IVR's is a harmless no-op.
    expect((await call('ws-one', 'POST', `/api/workspace/interactions/${first}/accept`)).body).toEqual({
      already: true,
    });
    expect(await desktop.context.acd.accept(first, String(ids['ws-two']))).toBe('not_offered');
    expect((await call('ws-two', 'POST', `/api/workspace/interactions/${first}/accept`)).status).toBe(409);
    expect((await call('ws-two', 'POST', `/api/workspace/interactions/${first}/finish`)).status).toBe(404);
    expect((await view('ws-one')).state).toBe('busy');
  });

  it('finishes into a 5-minute wrap-up and needs an outcome to end it', async () => {
    const finished = await call('ws-one', 'POST', `/api/workspace/interactions/${first}/finish`);
    expect(finished.body).toEqual({ wrapUpDeadline: clock.nowMs() + 300_000 });
    expect((await view('ws-one')).work[0]).toMatchObject({
      state: 'wrap_up',
      wrapUpDeadline: clock.nowMs() + 300_000,
    });
    const none = await call('ws-one', 'POST', `/api/workspace/interactions/${first}/wrap-up`, {});
    expect(none).toEqual({ status: 400, body: { error: 'Выберите итог обращения' } });
    const abandoned = await call('ws-one', 'POST', `/api/workspace/interactions/${first}/wrap-up`, {
      outcome: 'abandoned',
    });
    expect(abandoned.status).toBe(400);
    clock.advance(20_000);
    const done = await call('ws-one', 'POST', `/api/workspace/interactions/${first}/wrap-up`, {
      outcome: 'resolved',
    });
    expect(done.body).toEqual({ autoEnded: false });
    expect(await view('ws-one')).toMatchObject({ state: 'ready', work: [] });

    // The outcome is on the interaction and in its events; the ACD's writer catching up keeps it.
    await new OutboxWriter(redis.redis, db.pool, desktop.context.acd.keys).drain();
    const { rows } = await db.pool.query('select state, outcome, agent_id from interactions where id = $1', [
      first,
    ]);
    expect(rows[0]).toEqual({ state: 'closed', outcome: 'resolved', agent_id: ids['ws-one'] });
    const events = await db.pool.query(
      `select data from interaction_events where interaction_id = $1 and kind = 'outcome'`,
      [first],
    );
    expect(events.rows).toEqual([{ data: { outcome: 'resolved' } }]);
  });

  it('an offer not accepted within 15 s is withdrawn and the operator is not ready (missed offer)', async () => {
    const missed = await enqueueCall();
    clock.advance(15_001);
    const late = await call('ws-one', 'POST', `/api/workspace/interactions/${missed}/accept`);
    expect(late).toEqual({
      status: 409,
      body: { error: 'Время на принятие истекло: вызов передан другому оператору.' },
    });
    expect(await view('ws-one')).toMatchObject({ state: 'not_ready', reason: 'missed_offer', work: [] });
    // The call waits again (ws-two is on training); ws-one takes it when ready again.
    await call('ws-one', 'POST', '/api/workspace/state', { state: 'ready' });
    expect((await view('ws-one')).work).toMatchObject([{ id: missed, state: 'offered' }]);

    // Declining needs a reason, which becomes the operator's not-ready reason.
    const noReason = await call('ws-one', 'POST', `/api/workspace/interactions/${missed}/decline`, {});
    expect(noReason).toEqual({ status: 400, body: { error: 'Выберите причину из списка' } });
    const declined = await call('ws-one', 'POST', `/api/workspace/interactions/${missed}/decline`, {
      reason: 'technical',
    });
    expect(declined.body).toEqual({ declined: true });
    expect(await view('ws-one')).toMatchObject({ state: 'not_ready', reason: 'technical', work: [] });
    expect(await desktop.context.acd.waiting('ws_voice')).toEqual([missed]);
  });

  it('keeps an operator in the queues while work is on the desk; wrap-up ended by the limit still takes the outcome', async () => {
    await call('ws-one', 'POST', '/api/workspace/state', { state: 'ready' });
    const [offer] = (await view('ws-one')).work;
    await call('ws-one', 'POST', `/api/workspace/interactions/${offer!.id}/accept`);
    const out = await call('ws-one', 'POST', '/api/workspace/state', { state: 'offline' });
    expect(out.status).toBe(409);
    expect(out.body.error).toMatch(/^Нельзя выйти из очередей, пока идёт обслуживание/);
    await call('ws-one', 'POST', `/api/workspace/interactions/${offer!.id}/finish`);
    clock.advance(300_001);
    await desktop.context.acd.processTimers();
    const late = await call('ws-one', 'POST', `/api/workspace/interactions/${offer!.id}/wrap-up`, {
      outcome: 'callback_requested',
    });
    expect(late.body).toEqual({ autoEnded: true });
    const { rows } = await db.pool.query('select outcome from interactions where id = $1', [offer!.id]);
    expect(rows[0].outcome).toBe('callback_requested');
    const signedOut = await call('ws-one', 'POST', '/api/workspace/state', { state: 'offline' });
    expect(signedOut.body).toMatchObject({ signedIn: false, state: 'offline' });
  });

  it('answers 404 for unknown interactions and 400 for bad bodies', async () => {
    for (const action of ['accept', 'decline', 'finish', 'wrap-up']) {
      expect((await call('ws-one', 'POST', `/api/workspace/interactions/1/${action}`)).status).toBe(404);
      expect(
        (
          await call('ws-one', 'POST', `/api/workspace/interactions/${randomUUID()}/${action}`, {
            reason: 'break',
            outcome: 'resolved',
          })
        ).status,
      ).toBe(404);
    }
    expect((await call('ws-one', 'POST', '/api/workspace/state', { state: 'asleep' })).status).toBe(400);
    expect((await call('ws-one', 'POST', '/api/workspace/sign-in', { ready: 'yes' })).status).toBe(400);
  });
});

describe('identified account on the offer', () => {
  it('shows the account the IVR identified, auditing its first showing per interaction', async () => {
    const { rows: client } = await db.pool.query(
      `insert into clients (type, full_name) values ('individual', 'Петрова Анна Сергеевна') returning id`,
    );
    const { rows: account } = await db.pool.query(
      `insert into accounts (number, client_id, owner_full_name, area, settlement, house, full_address)
       values ('2400012345', $1, 'Петрова Анна Сергеевна', 'Советский', 'Красноярск', '5', 'г. Красноярск, ул. Мира, 5')
       returning id`,
      [client[0].id],
    );
    const ix = randomUUID();
    await db.pool.query(
      `insert into interactions (id, channel, state, started_at, account_id, client_id)
       values ($1, 'phone', 'queued', now(), $2, $3)`,
      [ix, account[0].id, client[0].id],
    );
    await call('ws-one', 'POST', '/api/workspace/sign-in', { ready: true });
    await enqueueCall(ix);
    const first = await view('ws-one');
    expect(first.work).toMatchObject([
      { id: ix, account: { id: Number(account[0].id), number: '2400012345' } },
    ]);
    await view('ws-one');
    const audit = await db.pool.query(
      `select user_id, action, subject_id, details from audit_log where action = 'account.view'`,
    );
    expect(audit.rows).toEqual([
      {
        user_id: ids['ws-one'],
        action: 'account.view',
        subject_id: String(account[0].id),
        details: { interactionId: ix, where: 'workspace_offer' },
      },
    ]);
  });
});

describe('scripts and knowledge base', () => {
  it('gives the greeting for the local time with the operator’s name, and the closing for a chat', async () => {
    const voice = await call('ws-one', 'GET', '/api/workspace/scripts');
    const phrases = voice.body.phrases as Array<{ id: string; text: string }>;
    // The clock is past 10:00 in Krasnoyarsk, before noon.
    expect(phrases.find((p) => p.id === 'greeting')!.text).toBe(
      'Здравствуйте! Меня зовут ws-one. Как могу к Вам обращаться?',
    );
    const chat = await call('ws-one', 'GET', '/api/workspace/scripts?media=chat');
    expect((chat.body.phrases as Array<{ id: string; text: string }>).at(-1)!.text).toMatch(
      /^Благодарю Вас за обращение! Рады, что Вы к нам обратились/,
    );
  });

  it('searches the active knowledge answers', async () => {
    await new KnowledgeService(db.pool).seed();
    const all = await call('ws-one', 'GET', '/api/workspace/knowledge');
    expect((all.body.answers as unknown[]).length).toBe(18);
    const found = await call(
      'ws-one',
      'GET',
      `/api/workspace/knowledge?q=${encodeURIComponent('показания')}`,
    );
    const topics = (found.body.answers as Array<{ topic: string }>).map((a) => a.topic);
    expect(topics[0]).toBe('meter_reading');
    const one = await call('ws-one', 'GET', '/api/workspace/knowledge?topic=outage');
    expect(one.body.answers).toMatchObject([{ topic: 'outage', title: 'Отключение электроэнергии' }]);
    expect((await call('ws-one', 'GET', '/api/workspace/knowledge?topic=weather')).status).toBe(400);
  });
});
