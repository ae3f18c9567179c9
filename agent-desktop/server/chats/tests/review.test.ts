import { beforeAll, describe, expect, it } from 'vitest';
import { OutboxWriter } from '../../acd/index.ts';
import type { Browser } from '../../tests/helpers.ts';
import { CHAT_QUEUE } from './chatbot.ts';
import { type Body, chatsBesideChatbot, clientHandedOff as handedOff, json, signedIn } from './rig.ts';

/** Supervisors and quality control read any chat, read-only and audited; operators only their own. */
const rig = chatsBesideChatbot('chat-review');
let outbox: OutboxWriter;
const users: Record<string, { id: string; browser: Browser }> = {};

beforeAll(async () => {
  // The ACD service's writer brings agent and stage times into PostgreSQL (drained by hand here).
  outbox = new OutboxWriter(rig.redis.redis, rig.db.pool, rig.desktop.context.acd.keys);
  for (const [login, role] of [
    ['rv-anna', 'operator'],
    ['rv-boris', 'operator'],
    ['rv-super', 'supervisor'],
    ['rv-quality', 'quality'],
    ['rv-admin', 'admin'],
  ] as const)
    users[login] = await signedIn(rig, login, [role]);
});

const clientHandedOff = (question: string) => handedOff(rig, question);

describe('reading chats as a supervisor or quality controller', () => {
  it('lists any operator’s chats, opens a transcript read-only with its files, and audits it', async () => {
    const { acd } = rig.desktop.context;
    const anna = users['rv-anna']!;
    const supervisor = users['rv-super']!;
    await acd.login({ agentId: anna.id, skills: [{ queue: CHAT_QUEUE }], chatCapacity: 3, state: 'ready' });
    const open = await clientHandedOff('Как оплатить без комиссии?');
    const done = await clientHandedOff('Где ближайший офис?');
    expect(await acd.accept(open.ix, anna.id)).toBe('accepted');
    expect(await acd.accept(done.ix, anna.id)).toBe('accepted');
    expect((await open.chat.next()).text).toBe('Оператор подключился к диалогу.');
    const answer = await anna.browser.request('POST', `/api/chats/${open.ix}/messages`, {
      text: 'Сейчас проверю, минуту.',
    });
    expect(answer.status).toBe(201);
    expect((await open.chat.next()).text).toBe('Сейчас проверю, минуту.');
    await acd.finish(done.ix, anna.id);
    expect((await acd.endWrapUp(done.ix, anna.id)).status).toBe('closed');
    await outbox.drain();

    const listed = await json(await supervisor.browser.request('GET', '/api/supervision/chats'));
    expect(listed.status).toBe(200);
    const byIx = new Map(listed.body.chats.map((chat: Body) => [chat.ix, chat]));
    expect(byIx.get(open.ix)).toMatchObject({
      channel: 'web_chat',
      queue: CHAT_QUEUE,
      state: 'connected',
      agent: { id: anna.id, fullName: 'Тестовый rv-anna' },
      closedAt: null,
    });
    expect(byIx.get(done.ix)).toMatchObject({ state: 'closed', agent: { id: anna.id } });
    expect(JSON.stringify(listed.body)).not.toContain('без комиссии'); // no conversation in the list
    const active = await json(await supervisor.browser.request('GET', '/api/supervision/chats?active=true'));
    expect(active.body.chats.map((chat: Body) => chat.ix)).toContain(open.ix);
    expect(active.body.chats.map((chat: Body) => chat.ix)).not.toContain(done.ix);

    const unreadBefore = (await json(await anna.browser.request('GET', '/api/chats'))).body.chats.find(
      (chat: Body) => chat.ix === open.ix,
    ).unread;
    const transcript = await json(
      await supervisor.browser.request('GET', `/api/supervision/chats/${open.ix}`),
    );
    expect(transcript.status).toBe(200);
    expect(transcript.body.chat).toMatchObject({ ix: open.ix, agent: { id: anna.id } });
    const lines = transcript.body.lines.map((line: Body) => [line.from, line.text]);
    expect(lines[0]).toEqual(['client', 'Как оплатить без комиссии?']);
    expect(lines).toContainEqual(['bot', 'Оператор подключился к диалогу.']);
    expect(lines.at(-1)).toEqual(['operator', 'Сейчас проверю, минуту.']);
    // Read-only: the operator's unread count is the operator's own.
    const unreadAfter = (await json(await anna.browser.request('GET', '/api/chats'))).body.chats.find(
      (chat: Body) => chat.ix === open.ix,
    ).unread;
    expect(unreadAfter).toBe(unreadBefore);
    expect(unreadBefore).toBeGreaterThan(0);
    // A closed chat opens too (quality control reads finished conversations).
    const closed = await json(
      await users['rv-quality']!.browser.request('GET', `/api/supervision/chats/${done.ix}`),
    );
    expect(closed.status).toBe(200);
    expect(closed.body.lines[0]).toMatchObject({ from: 'client', text: 'Где ближайший офис?' });
    const { rows: audit } = await rig.db.pool.query(
      `select user_id, action, subject_id, details from audit_log where action = 'chat.view' order by id`,
    );
    expect(audit).toEqual([
      { user_id: Number(supervisor.id), action: 'chat.view', subject_id: open.ix, details: { review: true } },
      {
        user_id: Number(users['rv-quality']!.id),
        action: 'chat.view',
        subject_id: done.ix,
        details: { review: true },
      },
    ]);

    // The client's photo: the supervisor opens it from platform storage, audited.
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 3)]);
    const uploaded = await fetch(`${rig.bot.url}/chat/upload?session=${open.chat.session}&id=bill-photo-1`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: {
        'X-File-Name': encodeURIComponent('квитанция.png'),
        'Content-Type': 'application/octet-stream',
      },
    });
    expect(uploaded.status).toBe(200);
    let url: string | undefined;
    const deadline = Date.now() + 5_000;
    while (!url && Date.now() < deadline) {
      const again = await json(await supervisor.browser.request('GET', `/api/supervision/chats/${open.ix}`));
      url = again.body.lines.flatMap((l: Body) => l.attachments ?? []).find((a: Body) => a.url)?.url;
      if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url).toMatch(new RegExp(`^/api/supervision/chats/${open.ix}/attachments/\\d+$`));
    const file = await supervisor.browser.request('GET', url!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const { rows: fileAudit } = await rig.db.pool.query(
      `select user_id from audit_log where action = 'chat.attachment_view' and subject_id = $1`,
      [open.ix],
    );
    expect(fileAudit).toEqual([{ user_id: Number(supervisor.id) }]);
    // The review link is not for operators (they open files of their own chats only).
    expect((await users['rv-boris']!.browser.request('GET', url!)).status).toBe(403);

    open.chat.close();
    done.chat.close();
  });

  it('refuses operators and admins, and answers unknown chats and bad periods clearly', async () => {
    const someChat = (
      await rig.db.pool.query(`select id from interactions where channel = 'web_chat' limit 1`)
    ).rows[0].id as string;
    for (const login of ['rv-anna', 'rv-boris', 'rv-admin']) {
      const browser = users[login]!.browser;
      expect((await browser.request('GET', '/api/supervision/chats')).status).toBe(403);
      expect((await browser.request('GET', `/api/supervision/chats/${someChat}`)).status).toBe(403);
    }
    // Boris still cannot open Anna's chat through the operators' route.
    expect((await users['rv-boris']!.browser.request('GET', `/api/chats/${someChat}`)).status).toBe(404);
    const supervisor = users['rv-super']!.browser;
    const unknown = await json(
      await supervisor.request('GET', '/api/supervision/chats/00000000-0000-4000-8000-000000000000'),
    );
    expect(unknown).toEqual({ status: 404, body: { error: 'Чат не найден' } });
    expect((await supervisor.request('GET', '/api/supervision/chats/not-a-chat')).status).toBe(404);
    expect(
      (await supervisor.request('GET', `/api/supervision/chats/${someChat}/attachments/999999`)).status,
    ).toBe(404);
    const call = '11111111-1111-4111-8111-111111111111';
    await rig.db.pool.query(
      `insert into interactions (id, channel, state, started_at) values ($1, 'phone', 'closed', now())`,
      [call],
    );
    // A call is not a chat: nothing to read here (recordings have their own audited player).
    expect((await supervisor.request('GET', `/api/supervision/chats/${call}`)).status).toBe(404);
    const bad = await json(await supervisor.request('GET', '/api/supervision/chats?hours=0'));
    expect(bad).toEqual({ status: 400, body: { error: 'Период — от 1 до 168 часов' } });
    expect((await supervisor.request('GET', '/api/supervision/chats?active=maybe')).status).toBe(400);
  });
});
