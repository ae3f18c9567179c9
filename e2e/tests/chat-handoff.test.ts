import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveQueue, saveSkills } from '../../agent-desktop/server/acd/index.ts';
import { createUser } from '../../agent-desktop/server/tests/helpers.ts';
import { launchBrowser, screenshot, signIn } from '../../agent-desktop/web/tests/browser.ts';
import { WebChatClient } from '../../chatbot/tests/web-client.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { alwaysOpenSchedule, freePort, type PlatformProcess, startService } from '../processes.ts';

/**
 * The web-chat scenario with every service in its own process, as on a real site: the ACD
 * (timers, PostgreSQL writer), the desktop server and the chatbot, talking only through PostgreSQL,
 * Redis and HTTP/WebSocket. The operator works in a real browser; the client is a WebSocket.
 */
let db: TestDatabase;
let redis: TestRedis;
let browser: Browser;
const processes: PlatformProcess[] = [];
let desktopUrl = '';
let chatUrl = '';

beforeAll(async () => {
  [db, redis, browser] = await Promise.all([createTestDatabase(), createTestRedis(), launchBrowser()]);
  const operator = await createUser(db.pool, 'e2e-operator', ['operator']);
  await saveQueue(db.pool, { name: 'chat_general', media: 'chat' });
  await saveSkills(db.pool, String(operator), [{ queue: 'chat_general', level: 5 }]);
  const [desktopPort, chatPort, acdPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
    DESKTOP_PORT: String(desktopPort),
    DESKTOP_COOKIE_SECURE: 'false',
    CHATBOT_PORT: String(chatPort),
    CHATBOT_HOST: '127.0.0.1',
    ACD_GRPC_PORT: String(acdPort),
    ACD_FIGURES_EVERY_MS: '1000',
  };
  // The ACD first: it publishes the queue definitions from PostgreSQL to Redis.
  processes.push(await startService('acd', env));
  processes.push(...(await Promise.all([startService('desktop', env), startService('chatbot', env)])));
  desktopUrl = `http://127.0.0.1:${desktopPort}`;
  chatUrl = `http://127.0.0.1:${chatPort}`;
}, 240_000); // two rounds of service starts (processes.ts SERVICE_START_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close();
  for (const running of processes.reverse()) await running.stop();
  await redis?.cleanup();
  await db?.drop();
});

describe('end to end, separate processes: web chat → bot → operator in the browser → rating', () => {
  it('two questions in one message: the bot answers the first, offers the second, hands off; the operator answers, ends; the rating is stored', async () => {
    const page = await signIn(browser, desktopUrl, 'e2e-operator');
    await page.goto(`${desktopUrl}/#/workspace`);
    await page.getByRole('button', { name: 'Войти в очереди' }).click();

    const client = await WebChatClient.connect(chatUrl);
    const first = await client.ask('Как оплатить без комиссии? И какие часы работы офиса?');
    expect(first.text).toContain('без комиссии');
    expect(first.text).toContain('Вы также спрашивали: «Офисы и режим работы». Ответить на этот вопрос?');
    expect((await client.ask('соедините с оператором')).text).toContain('Передаю Ваш вопрос оператору');

    const offer = page.getByRole('region', { name: 'Входящее предложение' });
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Принять' }).click();
    expect((await client.next(10_000)).text).toBe('Оператор подключился к диалогу.');

    await page.locator('.topbar .menu').getByRole('link', { name: 'Чаты', exact: true }).click();
    const conversation = page.getByRole('list', { name: 'Переписка' });
    await expect.poll(() => conversation.textContent()).toContain('Как оплатить без комиссии?');
    const answer =
      'Здравствуйте! Офис на ул. Ленина работает по будням с 8:00 до 17:00. Благодарю Вас за обращение!';
    await page.getByLabel('Сообщение клиенту').fill(answer);
    await page.getByRole('button', { name: 'Отправить' }).click();
    expect((await client.next(10_000)).text).toBe(answer);

    await page.getByRole('button', { name: 'Завершить чат' }).click();
    const rating = await client.next(10_000);
    expect(rating.text).toContain('оцените качество обслуживания от 1 до 5');
    client.send('5');
    expect((await client.next(10_000)).text).toContain('Спасибо');
    await screenshot(page, 'e2e-chat-ended');

    // PostgreSQL holds the outcome: one chat interaction, operator's, rated 5, with the transcript.
    await expect
      .poll(
        async () =>
          (
            await db.pool.query<{ csat: number | null; agent: string | null }>(
              `select csat, agent_id::text as agent from interactions where channel = 'web_chat'`,
            )
          ).rows,
        { timeout: 10_000 },
      )
      .toEqual([{ csat: 5, agent: expect.any(String) }]);
    client.close();
    // Every process stops cleanly on SIGTERM, as systemd or Docker stop it.
    for (const running of [...processes].reverse()) expect(await running.stop(), running.output()).toBe(0);
  }, 90_000);
});
