import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningChatbot } from '../../../chatbot/app.ts';
import { WebChatClient } from '../../../chatbot/tests/web-client.ts';
import { ManualClock } from '../../../core/testing/clock.ts';
import { loadQueues, publishQueues, saveQueue } from '../../server/acd/index.ts';
import { CHAT_QUEUE, IN_HOURS, startChatbotBeside } from '../../server/chats/tests/chatbot.ts';
import {
  createUser,
  type DesktopUnderTest,
  launchBrowser,
  screenshot,
  signIn,
  startDesktopServer,
} from './browser.ts';

/** A supervisor reads an operator's chat in the browser: list, transcript, the client's file. */
const clock = new ManualClock(IN_HOURS);
const LIVE = { timeout: 15_000, interval: 100 };
const textOf = (locator: Locator) => locator.allTextContents().then((parts) => parts.join(''));
let server: DesktopUnderTest;
let browser: Browser;
let bot: RunningChatbot;
let filesDir: string;
let operatorId: string;

beforeAll(async () => {
  filesDir = await mkdtemp(join(tmpdir(), 'review-browser-files-'));
  const files = { CHATBOT_ATTACHMENTS_DIR: filesDir };
  server = await startDesktopServer({ clock, env: files });
  browser = await launchBrowser();
  bot = await startChatbotBeside(server.db, server.redis, clock, files);
  const pool = server.db.pool;
  await createUser(pool, 'cr-supervisor', ['supervisor']);
  await createUser(pool, 'cr-operator-2', ['operator']);
  operatorId = String(await createUser(pool, 'cr-operator', ['operator']));
  await saveQueue(pool, { name: CHAT_QUEUE, title: 'Чаты', media: 'chat' });
  await publishQueues(server.desktop.context.acd, await loadQueues(pool));
});
afterAll(async () => {
  await bot?.close();
  await browser?.close();
  await server?.close();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('chat review in the browser', { timeout: 60_000 }, () => {
  it('a supervisor opens an operator’s chat read-only, with the client’s photo; the view is audited', async () => {
    const { acd } = server.desktop.context;
    await acd.login({ agentId: operatorId, skills: [{ queue: CHAT_QUEUE }], state: 'ready' });
    const client = await WebChatClient.connect(bot.url);
    client.send('Как оплатить без комиссии?');
    expect((await client.next()).text).toContain('Здравствуйте');
    client.send('соедините с оператором');
    expect((await client.next()).text).toContain('Передаю Ваш вопрос оператору');
    const { rows } = await server.db.pool.query('select id from interactions where external_id = $1', [
      client.session,
    ]);
    const ix = String(rows[0].id);
    expect(await acd.accept(ix, operatorId)).toBe('accepted');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 5)]);
    const uploaded = await fetch(`${bot.url}/chat/upload?session=${client.session}&id=meter-1`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: {
        'X-File-Name': encodeURIComponent('счётчик.png'),
        'Content-Type': 'application/octet-stream',
      },
    });
    expect(uploaded.status).toBe(200);

    const page = await signIn(browser, server.base, 'cr-supervisor');
    await page.locator('.topbar .menu').getByRole('link', { name: 'Просмотр чатов' }).click();
    const table = page.getByRole('table', { name: 'Чаты' });
    const row = table.locator('tbody tr').first();
    await expect.poll(() => textOf(row), LIVE).toContain('Чат на сайте');
    // The queue by its title, the state from the ACD (PostgreSQL catches up in batches).
    expect(await textOf(row)).toContain('Чаты');
    expect(await textOf(row)).toContain('Идёт разговор');
    expect(await textOf(row)).toContain('Тестовый cr-operator');
    await screenshot(page, 'chat-review-list');
    await row.getByRole('link', { name: 'Открыть' }).click();
    const conversation = page.getByRole('list', { name: 'Переписка' });
    await expect.poll(() => textOf(conversation), LIVE).toContain('Как оплатить без комиссии?');
    expect(await textOf(conversation)).toContain('Оператор подключился к диалогу.');
    // No reply box: reading only.
    expect(await page.getByRole('button', { name: 'Отправить' }).count()).toBe(0);
    // The photo's link appears once the chatbot has stored it; «Обновить» reads the chat again.
    const photo = conversation.getByRole('link', { name: /счётчик\.png/ });
    await expect
      .poll(async () => {
        if ((await photo.count()) === 0) await page.getByRole('button', { name: 'Обновить' }).click();
        return photo.count();
      }, LIVE)
      .toBe(1);
    const href = await photo.getAttribute('href');
    expect(href).toMatch(new RegExp(`^/api/supervision/chats/${ix}/attachments/\\d+$`));
    expect(await page.evaluate(`fetch(${JSON.stringify(href)}).then((r) => r.status)`)).toBe(200);
    await screenshot(page, 'chat-review-transcript');
    const { rows: audit } = await server.db.pool.query(
      `select distinct action from audit_log a join users u on u.id = a.user_id
        where u.login = 'cr-supervisor' and a.subject_id = $1 order by action`,
      [ix],
    );
    expect(audit.map((r) => r.action)).toEqual(['chat.attachment_view', 'chat.view']);

    // 13 minutes on without an answer: the wallboard lists the chat as nearing 15 minutes, with
    // its queue's title and a way to read it.
    clock.advance(13 * 60_000);
    await page.goto(`${server.base}/#/wallboard`);
    const nearing = page.getByRole('list', { name: 'Чаты на грани 15 минут' });
    await expect.poll(() => textOf(nearing), LIVE).toContain('Очередь «Чаты»: чат ждёт первого ответа');
    await nearing.getByRole('link', { name: 'Открыть переписку' }).click();
    await expect.poll(() => textOf(conversation), LIVE).toContain('Как оплатить без комиссии?');
    await page.context().close();

    // Another operator has no such screen and no way to the chat.
    const other = await signIn(browser, server.base, 'cr-operator-2');
    expect(await textOf(other.locator('.topbar .menu'))).not.toContain('Просмотр чатов');
    await other.goto(`${server.base}/#/chat-review/${ix}`);
    await expect
      .poll(() => textOf(other.getByRole('alert')), LIVE)
      .toContain('Недостаточно прав для этого раздела');
    await other.context().close();
    client.close();
  });
});
