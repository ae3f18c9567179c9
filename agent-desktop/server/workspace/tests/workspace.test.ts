import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWriter } from '../../acd/index.ts';
import { startWorkspace, type WorkspaceHarness } from './harness.ts';

let h: WorkspaceHarness;
let clock: WorkspaceHarness['clock'];
let ids: WorkspaceHarness['ids'];
const call = (who: string, method: string, path: string, body?: unknown) => h.call(who, method, path, body);
const view = (who: string) => h.view(who);
const enqueueCall = (id?: string) => h.enqueueCall(id);

beforeAll(async () => {
  h = await startWorkspace();
  ({ clock, ids } = h);
});
afterAll(async () => {
  await h?.close();
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
    expect(await h.desktop.context.acd.agent(String(ids['ws-one']))).toMatchObject({ cap: '3' });
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
    expect(await h.desktop.context.acd.accept(first, String(ids['ws-one']))).toBe('accepted');
    // …and a browser accept after the IVR's is a harmless no-op.
    expect((await call('ws-one', 'POST', `/api/workspace/interactions/${first}/accept`)).body).toEqual({
      already: true,
    });
    expect(await h.desktop.context.acd.accept(first, String(ids['ws-two']))).toBe('not_offered');
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
    await new OutboxWriter(h.redis.redis, h.db.pool, h.desktop.context.acd.keys).drain();
    const { rows } = await h.db.pool.query(
      'select state, outcome, agent_id from interactions where id = $1',
      [first],
    );
    expect(rows[0]).toEqual({ state: 'closed', outcome: 'resolved', agent_id: ids['ws-one'] });
    const events = await h.db.pool.query(
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
    expect(await h.desktop.context.acd.waiting('ws_voice')).toEqual([missed]);
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
    await h.desktop.context.acd.processTimers();
    const late = await call('ws-one', 'POST', `/api/workspace/interactions/${offer!.id}/wrap-up`, {
      outcome: 'callback_requested',
    });
    expect(late.body).toEqual({ autoEnded: true });
    const { rows } = await h.db.pool.query('select outcome from interactions where id = $1', [offer!.id]);
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
