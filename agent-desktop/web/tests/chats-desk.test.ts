import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningChatbot } from '../../../chatbot/app.ts';
import { WebChatClient } from '../../../chatbot/tests/web-client.ts';
import { ManualClock } from '../../../core/testing/clock.ts';
import { saveQueue, saveSkills } from '../../server/acd/index.ts';
import { CHAT_QUEUE, IN_HOURS, startChatbotBeside } from '../../server/chats/tests/chatbot.ts';
import {
  createUser,
  type DesktopUnderTest,
  launchBrowser,
  screenshot,
  signIn,
  startDesktopServer,
} from './browser.ts';

// The chatbot and the desktop share PostgreSQL, Redis and this clock (ЕКЦ open: chats go to the ACD).
const clock = new ManualClock(IN_HOURS);
let server: DesktopUnderTest;
let bot: RunningChatbot;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startDesktopServer({ clock });
  bot = await startChatbotBeside(server.db, server.redis, clock);
  browser = await launchBrowser();
  const pool = server.db.pool;
  const operator = await createUser(pool, 'chat-browser', ['operator']);
  await saveQueue(pool, { name: CHAT_QUEUE, media: 'chat' });
  await server.desktop.context.acd.defineQueue({ name: CHAT_QUEUE, media: 'chat' });
  await saveSkills(pool, String(operator), [{ queue: CHAT_QUEUE, level: 5 }]);
  await pool.query(
    `insert into knowledge_answers (topic, variant, version, body, updated_by)
     values ('payment_methods', 'text', 1, 'Оплатить без комиссии можно в личном кабинете и в приложении.', 'seed')`,
  );
  page = await signIn(browser, server.base, 'chat-browser');
});
afterAll(async () => {
  await browser?.close();
  await bot?.close();
  await server?.close();
});

/** A web-chat client who asked the bot something, then for an operator. */
async function clientWantingOperator(question: string): Promise<WebChatClient> {
  const client = await WebChatClient.connect(bot.url);
  await client.ask(question);
  expect((await client.ask('соедините с оператором')).text).toContain('Передаю Ваш вопрос оператору');
  return client;
}

async function acceptOffer(): Promise<void> {
  await page.goto(`${server.base}/#/workspace`);
  const offer = page.getByRole('region', { name: 'Входящее предложение' });
  await offer.waitFor();
  await offer.getByRole('button', { name: 'Принять' }).click();
  await offer.waitFor({ state: 'detached' });
}

describe('chats in the desktop, with the chatbot running', () => {
  it('the operator takes two chats, answers from the browser, the client reads it, the chat ends with the rating question', async () => {
    await page.goto(`${server.base}/#/workspace`);
    await page.getByRole('button', { name: 'Войти в очереди' }).click();
    const first = await clientWantingOperator('Как оплатить без комиссии?');
    await acceptOffer();
    expect((await first.next()).text).toBe('Оператор подключился к диалогу.');
    clock.advance(40_000);
    const second = await clientWantingOperator('Где ближайший офис?');
    await acceptOffer();

    await page.locator('.topbar .menu').getByRole('link', { name: 'Чаты', exact: true }).click();
    const list = page.getByRole('navigation', { name: 'Мои чаты' });
    await expect.poll(() => list.getByRole('button').count()).toBe(2);
    // Two of the three chats the operator may hold (users.chat_capacity, default 3).
    await expect.poll(() => list.getByRole('heading').textContent()).toBe('Мои чаты (2 из 3)');
    const conversation = page.getByRole('list', { name: 'Переписка' });
    // The oldest chat is open with the conversation so far, the bot's part included.
    await expect.poll(() => conversation.textContent()).toContain('Как оплатить без комиссии?');
    expect(await conversation.textContent()).toContain('Чат-бот');
    expect(await conversation.textContent()).toContain('Передаю Ваш вопрос оператору');
    // R-ACD-5: the first-answer clock runs on the server's time (15 minutes from the handoff).
    // Chat 1 came 40 s before chat 2.
    const clockOf = (name: RegExp) => list.getByRole('button', { name }).getByRole('timer').textContent();
    expect(await clockOf(/Чат 1/)).toMatch(/^Первый ответ: 14:[12]\d$/);
    expect(await clockOf(/Чат 2/)).toMatch(/^Первый ответ: (15:00|14:[45]\d)$/);

    // A client message arrives live; in the chat not open it counts as unread.
    first.send('Нужны реквизиты для оплаты');
    await expect.poll(() => conversation.textContent()).toContain('Нужны реквизиты для оплаты');
    second.send('Работает ли офис в субботу?');
    await expect.poll(() => list.getByRole('button', { name: /Чат 2.*непрочитанных 2/ }).count()).toBe(1);

    // A canned answer goes into the reply box; the operator adds to it and sends.
    const canned = page.getByRole('region', { name: 'Шаблоны ответов' });
    await canned.getByLabel('Поиск по шаблонам').fill('комисси');
    await canned.getByRole('button', { name: 'Вставить: Способы оплаты' }).click();
    const reply = page.getByLabel('Сообщение клиенту');
    expect(await reply.inputValue()).toBe('Оплатить без комиссии можно в личном кабинете и в приложении.');
    await reply.press('End');
    await reply.pressSequentially(' Реквизиты пришлю следующим сообщением.');
    await page.getByRole('button', { name: 'Отправить' }).click();
    const answer =
      'Оплатить без комиссии можно в личном кабинете и в приложении. Реквизиты пришлю следующим сообщением.';
    expect((await first.next()).text).toBe(answer);
    await expect.poll(() => reply.inputValue()).toBe('');
    await expect.poll(() => list.getByText('Ответ дан').count()).toBe(1);
    expect(await conversation.textContent()).toContain(answer);
    const { rows } = await server.db.pool.query(
      `select action from audit_log where subject_type = 'interaction' and action = 'chat.view'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await screenshot(page, 'chats-two-at-once');

    // The second chat: opening it reads its messages.
    await list.getByRole('button', { name: /Чат 2/ }).click();
    await expect.poll(() => conversation.textContent()).toContain('Работает ли офис в субботу?');
    await expect.poll(() => list.getByRole('button', { name: /непрочитанных/ }).count()).toBe(0);

    // Back to the first: ending it asks the client for the 1–5 rating; wrap-up is shown.
    await list.getByRole('button', { name: /Чат 1/ }).click();
    await expect.poll(() => conversation.textContent()).toContain(answer);
    await page.getByRole('button', { name: 'Завершить чат' }).click();
    const rating = await first.next();
    expect(rating.text).toContain('оцените качество обслуживания от 1 до 5');
    expect(rating.buttons?.[0]?.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
    const ended = page.getByRole('region', { name: 'Чат завершён' });
    await ended.waitFor();
    expect(await ended.getByRole('timer').textContent()).toMatch(/^(5:00|4:5\d)$/);
    await expect.poll(() => list.getByText('Постобработка').count()).toBe(1);
    await screenshot(page, 'chats-ended');

    // After a dropped connection the screen resynchronises by itself: a message written meanwhile counts.
    server.desktop.live.disconnectAll();
    second.send('Спасибо, жду ответа');
    await expect.poll(() => page.locator('.live').textContent()).toBe('на связи');
    await expect.poll(() => list.getByRole('button', { name: /Чат 2.*непрочитанных 1/ }).count()).toBe(1);
    first.close();
    second.close();
  });
});
