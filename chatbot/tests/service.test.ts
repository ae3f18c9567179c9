import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError } from '../../core/config/index.ts';
import { loadService } from '../../core/platform/catalog.ts';
import { testServiceContext } from '../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { WebChatClient } from './web-client.ts';

let db: TestDatabase;
let redis: TestRedis;
beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

describe('the chatbot platform service', () => {
  it('starts from the catalog with the web chat only, serves the widget and answers', async () => {
    const service = await loadService('chatbot');
    const running = await service.start(
      testServiceContext({ db, redis, env: { CHATBOT_PORT: '0', CHATBOT_HOST: '127.0.0.1' } }),
    );
    try {
      const url = running.endpoints!.http!;
      expect(running.endpoints!.webChat).toBe(`${url}/chat/`);
      const page = await fetch(`${url}/chat/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<html lang="ru">');
      // CHATBOT_COMPANY_NAME is in the instrumental case ("с энергосбытовой компанией").
      expect(html).toContain('<title>Чат с энергосбытовой компанией</title>');
      expect(html).toContain('Напишите Ваш вопрос…');
      const script = await fetch(`${url}/chat/widget.js`);
      expect(script.headers.get('content-type')).toContain('javascript');
      expect(await script.text()).toContain("'/chat/'");
      expect((await fetch(`${url}/vk/callback`, { method: 'POST', body: '{}' })).status).toBe(404);
      const health = await running.health();
      expect(health).toMatchObject({ status: 'ok', details: { telegram: false, vk: false } });
      const chat = await WebChatClient.connect(url);
      chat.press('start');
      const hello = await chat.next();
      expect(hello.text).toContain('Здравствуйте!');
      expect(hello.text).toContain('Пожалуйста, напишите Ваш вопрос');
      chat.close();
      // a widget without a session id is refused
      const refused = new WebSocket(`${url.replace('http', 'ws')}/chat/ws`);
      await expect(
        new Promise((_, reject) => {
          refused.once('error', reject);
        }),
      ).rejects.toThrow('Unexpected server response: 400');
    } finally {
      await running.close();
    }
  });

  it('names every missing VK setting when the token is set without them', async () => {
    const service = await loadService('chatbot');
    const start = service.start(
      testServiceContext({ db, redis, env: { CHATBOT_PORT: '0', VK_ACCESS_TOKEN: 'x' } }),
    );
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/VK_GROUP_ID.*required when VK_ACCESS_TOKEN is set/s);
  });
});
