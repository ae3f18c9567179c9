import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type WorkspaceHarness } from '../workspace/tests/harness.ts';

/** Signing out of the desktop takes the operator out of the ACD queues (nobody would answer offers). */
let h: WorkspaceHarness;
beforeAll(async () => {
  h = await startWorkspace();
});
afterAll(async () => {
  await h?.close();
});

describe('logout and the ACD queues', () => {
  it('an idle ready operator who logs out is offline in the ACD and gets no offer', async () => {
    const { call, ids } = h;
    await call('ws-one', 'POST', '/api/workspace/sign-in', { ready: true });
    expect(await h.view('ws-one')).toMatchObject({ signedIn: true, state: 'ready' });
    expect((await call('ws-one', 'POST', '/api/auth/logout')).status).toBe(204);
    const agent = await h.desktop.context.acd.agent(String(ids['ws-one']));
    expect(agent).toMatchObject({ p: 'offline', ds: 'offline' });
    const ix = await h.enqueueCall();
    expect(await h.desktop.context.acd.waiting('ws_voice')).toEqual([ix]);
    const { rows } = await h.db.pool.query(
      `select details from audit_log where action = 'auth.logout' and user_id = $1`,
      [ids['ws-one']],
    );
    expect(rows).toEqual([{ details: { queues: 'offline' } }]);
    await h.desktop.context.acd.cancel(ix);
  });

  it('an operator with a call on the desk becomes not ready, so no offer follows the call', async () => {
    const { call, ids } = h;
    await call('ws-two', 'POST', '/api/workspace/sign-in', { ready: true });
    const ix = await h.enqueueCall();
    await call('ws-two', 'POST', `/api/workspace/interactions/${ix}/accept`);
    expect((await call('ws-two', 'POST', '/api/auth/logout')).status).toBe(204);
    const agent = await h.desktop.context.acd.agent(String(ids['ws-two']));
    expect(agent).toMatchObject({ p: 'not_ready', rsn: 'technical' });
    const { rows } = await h.db.pool.query(
      `select details from audit_log where action = 'auth.logout' and user_id = $1`,
      [ids['ws-two']],
    );
    expect(rows).toEqual([{ details: { queues: 'not_ready_with_work' } }]);
  });

  it('a user never signed in to the queues logs out as before', async () => {
    expect((await h.call('ws-sup', 'POST', '/api/auth/logout')).status).toBe(204);
    expect(await h.desktop.context.acd.agent(String(h.ids['ws-sup']))).toBeNull();
  });
});
