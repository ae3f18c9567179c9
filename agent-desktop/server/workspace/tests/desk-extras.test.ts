import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeService } from '../../../../core/nlu/knowledge/service.ts';
import { startWorkspace, type WorkspaceHarness } from './harness.ts';

let h: WorkspaceHarness;
let ids: WorkspaceHarness['ids'];
const call = (who: string, method: string, path: string, body?: unknown) => h.call(who, method, path, body);
const view = (who: string) => h.view(who);

beforeAll(async () => {
  h = await startWorkspace();
  ({ ids } = h);
});
afterAll(async () => {
  await h?.close();
});

describe('identified account on the offer', () => {
  it('shows the account the IVR identified, auditing its first showing per interaction', async () => {
    const { rows: client } = await h.db.pool.query(
      `insert into clients (type, full_name) values ('individual', 'Петрова Анна Сергеевна') returning id`,
    );
    const { rows: account } = await h.db.pool.query(
      `insert into accounts (number, client_id, owner_full_name, area, settlement, house, full_address)
       values ('2400012345', $1, 'Петрова Анна Сергеевна', 'Советский', 'Красноярск', '5', 'г. Красноярск, ул. Мира, 5')
       returning id`,
      [client[0].id],
    );
    const ix = randomUUID();
    await h.db.pool.query(
      `insert into interactions (id, channel, state, started_at, account_id, client_id)
       values ($1, 'phone', 'queued', now(), $2, $3)`,
      [ix, account[0].id, client[0].id],
    );
    await call('ws-one', 'POST', '/api/workspace/sign-in', { ready: true });
    await h.enqueueCall(ix);
    const first = await view('ws-one');
    expect(first.work).toMatchObject([
      { id: ix, account: { id: Number(account[0].id), number: '2400012345' } },
    ]);
    await view('ws-one');
    const audit = await h.db.pool.query(
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
    await new KnowledgeService(h.db.pool).seed();
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
