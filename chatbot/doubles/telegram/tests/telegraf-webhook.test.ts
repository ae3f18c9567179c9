import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Telegraf } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import type { TgUpdate } from '../index.ts';
import { TelegramDouble } from '../index.ts';
import { createEchoBot } from './echo-bot.ts';
import { callApi } from './raw.ts';

let tg: TelegramDouble | undefined;
let bot: Telegraf | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  bot?.stop('test over');
  receiver?.closeAllConnections();
  receiver?.close();
  await tg?.stop();
  bot = undefined;
  receiver = undefined;
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A webhook endpoint that answers each update with the status `decide` picks. */
async function startReceiver(decide: (update: TgUpdate, secret: string | undefined) => number) {
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const status = decide(
      JSON.parse(body) as TgUpdate,
      req.headers['x-telegram-bot-api-secret-token'] as string,
    );
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = server;
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe('Telegram double with real telegraf, webhook mode', () => {
  it('delivers updates to telegraf’s webhook with the secret token and runs webhook replies', async () => {
    // telegraf.launch always registers an https:// URL; the double delivers it over plain HTTP.
    tg = await TelegramDouble.start({ webhook: { deliverHttpsAsHttp: true } });
    const port = await freePort();
    bot = createEchoBot(tg.token, tg.url);
    await bot.launch({
      webhook: {
        domain: `127.0.0.1:${port}`,
        port,
        host: '127.0.0.1',
        path: '/telegram',
        secretToken: 'Hotline_42',
      },
    });
    expect((await callApi(tg, 'getWebhookInfo')).body.result).toMatchObject({
      url: `https://127.0.0.1:${port}/telegram`,
      pending_update_count: 0,
      max_connections: 40,
    });
    tg.userSends(5001, '/start');
    expect((await tg.waitForMessage(5001)).text).toBe('Здравствуйте! Чем можем помочь?');
    tg.userSends(5002, '/menu');
    const menu = await tg.waitForMessage(5002);
    const press = tg.userPresses(5002, menu.message_id, 'topic:balance');
    // telegraf answers the callback inside the webhook response body; the double executes it.
    expect(await tg.waitForCallbackAnswer(press.callback_query?.id ?? '')).toEqual({ text: 'Принято' });
    expect((await tg.waitForMessage(5002, (m) => m.edits === 1)).text).toBe('Тема: balance');
    expect(tg.requests.some((r) => r.method.toLowerCase() === 'answercallbackquery')).toBe(false);
    await tg.waitForDrain();
    expect(tg.webhookAttempts().every((attempt) => attempt.status === 200)).toBe(true);
  });

  it('retries a failed update, holds the rest of that chat behind it, lets other chats through', async () => {
    tg = await TelegramDouble.start({ webhook: { retryUnitMs: 10 } });
    const log: string[] = [];
    let failuresLeft = 2;
    const url = await startReceiver((update, secret) => {
      const label = `${update.message?.chat.id}:${update.message?.text}`;
      expect(secret).toBe('s3cret');
      if (label === '1:first' && failuresLeft > 0) {
        failuresLeft -= 1;
        log.push(`${label} 500`);
        return 500;
      }
      log.push(`${label} 200`);
      return 200;
    });
    const set = await callApi(tg, 'setWebhook', { url, secret_token: 's3cret', max_connections: 5 });
    expect(set.body).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    tg.userSends(1, 'first');
    tg.userSends(1, 'second');
    tg.userSends(2, 'other chat');
    await tg.waitForDrain();
    expect(log.filter((line) => line.startsWith('1:'))).toEqual([
      '1:first 500',
      '1:first 500',
      '1:first 200',
      '1:second 200',
    ]);
    expect(log.indexOf('2:other chat 200')).toBeLessThan(log.indexOf('1:first 200'));
    const info = (await callApi(tg, 'getWebhookInfo')).body.result;
    expect(info).toMatchObject({
      pending_update_count: 0,
      last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
    });
    expect(info.last_error_date).toBeTypeOf('number');
  });

  it('keeps updates while the endpoint is down and delivers them once it answers', async () => {
    const double = await TelegramDouble.start({ webhook: { retryUnitMs: 5 } });
    tg = double;
    const port = await freePort();
    await callApi(tg, 'setWebhook', { url: `http://127.0.0.1:${port}/hook` });
    tg.userSends(3, 'while down');
    await expect
      .poll(async () => (await callApi(double, 'getWebhookInfo')).body.result)
      .toMatchObject({ pending_update_count: 1, last_error_message: 'Connection refused' });
    const received: string[] = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      received.push((JSON.parse(body) as TgUpdate).message?.text ?? '');
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    receiver = server;
    await tg.waitForDrain(10_000);
    expect(received).toEqual(['while down']);
  });

  it('refuses plain-HTTP webhooks when told to behave strictly like Telegram', async () => {
    tg = await TelegramDouble.start({ webhook: { requireHttps: true } });
    expect((await callApi(tg, 'setWebhook', { url: 'http://127.0.0.1:8443/hook' })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    });
    expect(
      (await callApi(tg, 'setWebhook', { url: 'https://bot.example.ru/hook', secret_token: 'bad token!' }))
        .body.description,
    ).toBe('Bad Request: secret token contains unallowed characters');
  });
});
