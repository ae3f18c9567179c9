import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser } from '../../tests/helpers.ts';
import { CHAT_QUEUE, IN_HOURS } from './chatbot.ts';
import { type Body, chatsBesideChatbot, clientHandedOff as handedOff, json, signedIn } from './rig.ts';

const rig = chatsBesideChatbot('chats');
const { clock } = rig;
let anna: { id: string; browser: Browser };
let boris: { id: string; browser: Browser };

beforeAll(async () => {
  anna = await signedIn(rig, 'chat-anna', ['operator']);
  boris = await signedIn(rig, 'chat-boris', ['operator']);
});

const clientHandedOff = (question: string) => handedOff(rig, question);

/** The operator's live socket, collecting what the hub sends. */
async function liveSocket(browser: Browser) {
  const socket = new WebSocket(`${rig.base.replace('http', 'ws')}/ws`, {
    headers: { cookie: browser.cookie },
  });
  const messages: Array<{ type: string; [k: string]: unknown }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const waitFor = async (match: (m: (typeof messages)[number]) => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no live message: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { socket, messages, waitFor };
}

describe('chats in the desktop, with the real chatbot', () => {
  it('an operator holds two chats at once: history, unread, live client messages, answers, end, wrap-up', async () => {
    await rig.desktop.context.acd.login({
      agentId: anna.id,
      skills: [{ queue: CHAT_QUEUE }],
      chatCapacity: 2,
      state: 'ready',
    });
    const first = await clientHandedOff('Как оплатить без комиссии?');
    const second = await clientHandedOff('Где ближайший офис?');
    const acd = rig.desktop.context.acd;
    expect(await acd.accept(first.ix, anna.id)).toBe('accepted');
    expect(await acd.accept(second.ix, anna.id)).toBe('accepted');
    expect((await first.chat.next()).text).toBe('Оператор подключился к диалогу.');
    const live = await liveSocket(anna.browser);
    const hello = await live.waitFor((m) => m.type === 'hello', 'hello');
    expect((hello.snapshot as { chats: Array<{ ix: string }> }).chats.map((c) => c.ix).sort()).toEqual(
      [first.ix, second.ix].sort(),
    );

    const list = await json(await anna.browser.request('GET', '/api/chats'));
    expect(list.status).toBe(200);
    const summary = list.body.chats.find((c: { ix: string }) => c.ix === first.ix);
    expect(summary).toMatchObject({
      channel: 'web_chat',
      queue: CHAT_QUEUE,
      state: 'connected',
      unread: 2, // the question and "соедините с оператором"
      firstAnsweredAt: null,
      // R-ACD-5: 15 minutes after arrival, the ЕКЦ being open
      firstAnswerDue: new Date(IN_HOURS).getTime() + 15 * 60_000,
    });
    expect(list.body.chats).toHaveLength(2);
    expect(list.body.capacity).toBe(2);
    // another operator sees none of Anna's chats, and cannot open one
    expect((await json(await boris.browser.request('GET', '/api/chats'))).body.chats).toEqual([]);
    expect((await boris.browser.request('GET', `/api/chats/${first.ix}`)).status).toBe(404);

    // the conversation so far, the bot's part included; opening reads it
    const opened = await json(await anna.browser.request('GET', `/api/chats/${first.ix}`));
    expect(opened.status).toBe(200);
    expect(opened.body.lines.map((l: { from: string; text: string }) => [l.from, l.text])).toEqual([
      ['client', 'Как оплатить без комиссии?'],
      ['bot', expect.stringContaining('без комиссии')],
      ['client', 'соедините с оператором'],
      ['bot', expect.stringContaining('Передаю Ваш вопрос оператору')],
      ['bot', 'Оператор подключился к диалогу.'],
    ]);
    expect(opened.body.chat.unread).toBe(0);
    const { rows: audit } = await rig.db.pool.query(
      `select user_id, action from audit_log where subject_type = 'interaction' and subject_id = $1`,
      [first.ix],
    );
    expect(audit).toEqual([{ user_id: Number(anna.id), action: 'chat.view' }]);

    // a client message arrives live on Anna's socket only, and counts as unread until read
    first.chat.send('Счёт за октябрь пришёл дважды');
    const arrived = await live.waitFor((m) => m.type === 'chat.message', 'client message');
    expect(arrived).toMatchObject({
      ix: first.ix,
      line: { from: 'client', text: 'Счёт за октябрь пришёл дважды' },
    });
    const after = await json(await anna.browser.request('GET', '/api/chats'));
    expect(after.body.chats.find((c: { ix: string }) => c.ix === first.ix).unread).toBe(1);
    expect((await anna.browser.request('POST', `/api/chats/${first.ix}/read`, {})).status).toBe(204);
    const read = await json(await anna.browser.request('GET', '/api/chats'));
    expect(read.body.chats.find((c: { ix: string }) => c.ix === first.ix).unread).toBe(0);

    // the answer reaches the client; the first one is the R-ACD-5 first answer
    const sent = await json(
      await anna.browser.request('POST', `/api/chats/${first.ix}/messages`, {
        text: '  Сейчас проверю, минуту.  ',
      }),
    );
    expect(sent).toMatchObject({
      status: 201,
      body: { firstAnswer: true, line: { from: 'operator', text: 'Сейчас проверю, минуту.' } },
    });
    expect((await first.chat.next()).text).toBe('Сейчас проверю, минуту.');
    expect((await acd.interaction(first.ix))?.fa).toBe(String(clock.nowMs()));
    const again = await json(
      await anna.browser.request('POST', `/api/chats/${first.ix}/messages`, { text: 'Нашла.' }),
    );
    expect(again.body.firstAnswer).toBe(false);
    expect((await first.chat.next()).text).toBe('Нашла.');
    // the second chat still waits for its first answer
    expect((await acd.interaction(second.ix))?.fa).toBeUndefined();

    // bad input: a clear Russian error, nothing sent
    const empty = await json(
      await anna.browser.request('POST', `/api/chats/${first.ix}/messages`, { text: '   ' }),
    );
    expect(empty).toEqual({ status: 400, body: { error: 'Введите текст сообщения' } });
    const long = await json(
      await anna.browser.request('POST', `/api/chats/${first.ix}/messages`, { text: 'я'.repeat(4001) }),
    );
    expect(long.status).toBe(400);
    expect(long.body.error).toContain('4000');
    expect((await anna.browser.request('POST', `/api/chats/${first.ix}/messages`, {})).status).toBe(400);
    expect(await first.chat.silentFor(150)).toBe(true);
    expect((await anna.browser.request('POST', '/api/chats/not-a-chat/messages', { text: 'x' })).status).toBe(
      404,
    );
    expect(
      (await boris.browser.request('POST', `/api/chats/${first.ix}/messages`, { text: 'чужой чат' })).status,
    ).toBe(404);

    // end: wrap-up, the client is asked for the rating; the chat stays on the screen until wrap-up ends
    const ended = await json(await anna.browser.request('POST', `/api/chats/${first.ix}/end`, {}));
    expect(ended.status).toBe(200);
    expect(ended.body.wrapUpEndsAt).toBe(clock.nowMs() + 5 * 60_000);
    const csat = await first.chat.next();
    expect(csat.text).toContain('оцените качество обслуживания от 1 до 5');
    const wrapping = await json(await anna.browser.request('GET', '/api/chats'));
    expect(wrapping.body.chats.find((c: { ix: string }) => c.ix === first.ix)).toMatchObject({
      state: 'wrap_up',
      wrapUpEndsAt: clock.nowMs() + 5 * 60_000,
    });
    const late = await json(
      await anna.browser.request('POST', `/api/chats/${first.ix}/messages`, { text: 'ещё' }),
    );
    expect(late.status).toBe(409);
    expect((await anna.browser.request('POST', `/api/chats/${first.ix}/end`, {})).status).toBe(409);
    // the outcome is chosen on the workspace, which ends wrap-up; then the chat leaves the screen
    expect((await acd.endWrapUp(first.ix, anna.id)).status).toBe('closed');
    const remaining = await json(await anna.browser.request('GET', '/api/chats'));
    expect(remaining.body.chats.map((c: { ix: string }) => c.ix)).toEqual([second.ix]);
    expect((await anna.browser.request('GET', `/api/chats/${first.ix}`)).status).toBe(404);

    live.socket.close();
    first.chat.close();
    second.chat.close();
    await acd.finish(second.ix, anna.id);
    await acd.endWrapUp(second.ix, anna.id);
    await acd.setState({ agentId: anna.id, state: 'offline' });
  });

  it('tells the operator when a chat passes 15 minutes without an answer (R-ACD-5)', async () => {
    await rig.desktop.context.acd.login({
      agentId: boris.id,
      skills: [{ queue: CHAT_QUEUE }],
      state: 'ready',
    });
    const client = await clientHandedOff('Вопрос по оплате');
    expect(await rig.desktop.context.acd.accept(client.ix, boris.id)).toBe('accepted');
    const live = await liveSocket(boris.browser);
    await live.waitFor((m) => m.type === 'hello', 'hello');
    clock.advance(15 * 60_000 - 1);
    await rig.desktop.context.acd.processTimers();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(live.messages.some((m) => m.type === 'chat.overdue')).toBe(false);
    clock.advance(2);
    await rig.desktop.context.acd.processTimers();
    expect(await live.waitFor((m) => m.type === 'chat.overdue', 'overdue')).toEqual({
      type: 'chat.overdue',
      ix: client.ix,
    });
    live.socket.close();
    client.chat.close();
  });

  it('offers canned answers: the standard phrases and the knowledge base, filtered by topic and words', async () => {
    await rig.db.pool.query(
      `insert into knowledge_answers (topic, variant, version, body, updated_by) values
         ('payment_methods', 'text', 1, 'Оплатить можно без комиссии в личном кабинете.', 'seed'),
         ('payment_methods', 'voice', 1, 'Голосовой вариант.', 'seed'),
         ('offices', 'text', 1, 'Офисы работают с 8 до 17.', 'seed')`,
    );
    const all = await json(await anna.browser.request('GET', '/api/chats/canned?topic=offices'));
    expect(all.status).toBe(200);
    const titles = all.body.answers.map((a: { title: string }) => a.title);
    expect(titles.slice(0, 3)).toEqual(['Приветствие', 'Другие вопросы', 'Завершение']);
    // the chat's topic first; voice variants are not for chats
    expect(titles.slice(3)).toEqual(['Офисы и режим работы', 'Способы оплаты']);
    const found = await json(await anna.browser.request('GET', '/api/chats/canned?q=комисс'));
    expect(found.body.answers.map((a: { text: string }) => a.text)).toEqual([
      'Оплатить можно без комиссии в личном кабинете.',
    ]);
    const bad = await json(await anna.browser.request('GET', '/api/chats/canned?topic=weather'));
    expect(bad).toEqual({ status: 400, body: { error: 'Неизвестная тема' } });
  });

  it("shows the client's file in the chat and serves it from platform storage to that chat's operator only", async () => {
    await rig.desktop.context.acd.setState({ agentId: boris.id, state: 'offline' });
    await rig.desktop.context.acd.login({
      agentId: anna.id,
      skills: [{ queue: CHAT_QUEUE }],
      state: 'ready',
    });
    const client = await clientHandedOff('Где ближайший офис?');
    expect(await rig.desktop.context.acd.accept(client.ix, anna.id)).toBe('accepted');
    const live = await liveSocket(anna.browser);
    await live.waitFor((m) => m.type === 'hello', 'hello');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(300, 7)]);
    const uploaded = await fetch(
      `${rig.bot.url}/chat/upload?session=${client.chat.session}&id=meter-photo-1`,
      {
        method: 'POST',
        body: new Uint8Array(png),
        headers: {
          'X-File-Name': encodeURIComponent('счётчик.png'),
          'Content-Type': 'application/octet-stream',
        },
      },
    );
    expect(uploaded.status).toBe(200);
    const arrived = await live.waitFor((m) => m.type === 'chat.message', 'the file, live');
    expect(arrived).toMatchObject({
      ix: client.ix,
      line: { from: 'client', attachments: [{ kind: 'photo', fileName: 'счётчик.png' }] },
    });

    const deadline = Date.now() + 5000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      const opened = await json(await anna.browser.request('GET', `/api/chats/${client.ix}`));
      url = opened.body.lines.flatMap((l: Body) => l.attachments ?? []).find((a: Body) => a.url)?.url;
      if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url).toMatch(new RegExp(`^/api/chats/${client.ix}/attachments/\\d+$`));
    const file = await anna.browser.request('GET', url!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename*=UTF-8''${encodeURIComponent('счётчик.png')}`,
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const { rows } = await rig.db.pool.query(
      `select user_id from audit_log where action = 'chat.attachment_view' and subject_id = $1`,
      [client.ix],
    );
    expect(rows).toEqual([{ user_id: Number(anna.id) }]);
    // Another operator, an unknown file, a malformed id: no file.
    expect((await boris.browser.request('GET', url!)).status).toBe(404);
    expect((await anna.browser.request('GET', `/api/chats/${client.ix}/attachments/999999`)).status).toBe(
      404,
    );
    expect((await anna.browser.request('GET', `/api/chats/${client.ix}/attachments/x1`)).status).toBe(404);
    live.socket.close();
    client.chat.close();
  });
});
