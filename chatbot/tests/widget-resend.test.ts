import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../../agent-desktop/web/tests/browser.ts';
import { chatKeys } from '../dialog/keys.ts';
import { type ChatbotHarness, startHarness } from './harness.ts';

/**
 * The real widget (chatbot/channels/web/widget.ts) in a browser: its connection drops with a
 * message sent but not acknowledged. It reconnects, resumes after the last seq it saw and sends
 * the message again with its id: the message is answered, once.
 */
let h: ChatbotHarness;
let browser: Browser;
beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it('a message lost with the connection is sent again after the reconnect and answered once', async () => {
  const page = await browser.newPage();
  const sent: string[] = [];
  let connections = 0;
  await page.routeWebSocket(/\/chat\/ws/, (ws) => {
    const connection = ++connections;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; text?: string };
      sent.push(`${connection}:${frame.type}`);
      // The first connection dies with the client's question unacknowledged (never reaches the server).
      if (connection === 1 && frame.type === 'message') {
        ws.close();
        return;
      }
      server.send(message);
    });
  });
  await page.goto(`${h.bot.url}/chat/`);
  await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(0);
  const greeting = await page.locator('.msg.bot').count();
  await page.getByLabel('Сообщение').fill('Как оплатить без комиссии?');
  await page.getByRole('button', { name: 'Отправить' }).click();

  // The widget reconnects after 2 s: resume, then the same message again.
  await expect.poll(() => sent.filter((s) => s.startsWith('2:')), { timeout: 15_000 }).toContain('2:message');
  expect(sent.filter((s) => s.startsWith('2:'))[0]).toBe('2:resume');
  await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('без комиссии');
  const session = await page.evaluate(() => localStorage.getItem('hotline-chat-session'));
  const inbox = await h.redis.redis.lrange(chatKeys(h.redis.prefix).webInbox(session!), 0, -1);
  // Each reply shown once: what the page shows is exactly the session's numbered replies.
  expect(await page.locator('.msg.bot').count()).toBe(inbox.length);
  expect(inbox.length).toBeGreaterThan(greeting);
  expect(sent.filter((s) => s.endsWith(':message'))).toEqual(['1:message', '2:message']);
  await page.close();
}, 60_000);
