import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { VkDouble } from '../index.ts';

let vk: VkDouble | undefined;
afterEach(async () => {
  await vk?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary VK JSON and assert on its shape.
async function call(double: VkDouble, method: string, params: Record<string, string>): Promise<any> {
  const response = await fetch(`${double.apiBaseUrl}/${method}`, {
    method: 'POST',
    body: new URLSearchParams(params),
  });
  expect(response.status).toBe(200); // VK reports errors in the body, never in the status
  return response.json();
}

describe('VK double: the wire protocol', () => {
  it('answers in VK’s error format with request_params and without the token', async () => {
    vk = await VkDouble.start();
    const body = await call(vk, 'messages.send', {
      access_token: vk.accessToken,
      v: '5.199',
      peer_id: '1',
      message: 'x',
    });
    expect(body).toEqual({
      error: {
        error_code: 100,
        error_msg:
          'One of the parameters specified was missing or invalid: random_id is a required parameter',
        request_params: [
          { key: 'method', value: 'messages.send' },
          { key: 'oauth', value: '1' },
          { key: 'v', value: '5.199' },
          { key: 'peer_id', value: '1' },
          { key: 'message', value: 'x' },
        ],
      },
    });
  });

  it('requires access_token and v, knows its methods, checks peers and integers', async () => {
    vk = await VkDouble.start();
    const token = vk.accessToken;
    expect((await call(vk, 'users.get', { v: '5.199' })).error.error_msg).toBe(
      'User authorization failed: no access_token passed.',
    );
    expect((await call(vk, 'users.get', { access_token: token })).error.error_code).toBe(8);
    expect((await call(vk, 'wall.post', { access_token: token, v: '5.199' })).error.error_code).toBe(3);
    expect(
      (await call(vk, 'messages.send', { access_token: token, v: '5.199', message: 'x', random_id: '1' }))
        .error.error_msg,
    ).toBe(
      'One of the parameters specified was missing or invalid: you should specify peer_id, user_id, domain, chat_id or user_ids param',
    );
    expect(
      (await call(vk, 'messages.send', { access_token: token, v: '5.199', peer_id: 'abc', random_id: '1' }))
        .error.error_msg,
    ).toBe('One of the parameters specified was missing or invalid: peer_id not integer');
    // Before 5.90 random_id was optional.
    vk.userAllowsMessages(5);
    expect(
      (await call(vk, 'messages.send', { access_token: token, v: '5.89', peer_id: '5', message: 'x' }))
        .response,
    ).toBeTypeOf('number');
  });

  it('answers error 6 above the configured requests per second, exactly at the window edge', async () => {
    const clock = new ManualClock('2026-11-27T03:00:00Z');
    vk = await VkDouble.start({ clock, requestsPerSecond: 3 });
    const params = { access_token: vk.accessToken, v: '5.199', user_ids: '1' };
    for (let i = 0; i < 3; i++) expect((await call(vk, 'users.get', params)).response).toHaveLength(1);
    clock.advance(999);
    expect((await call(vk, 'users.get', params)).error).toMatchObject({
      error_code: 6,
      error_msg: 'Too many requests per second',
    });
    clock.advance(1);
    expect((await call(vk, 'users.get', params)).response).toHaveLength(1);
  });

  it('sends to several peers at once and reports each message id', async () => {
    vk = await VkDouble.start();
    vk.userAllowsMessages(1);
    vk.userAllowsMessages(2);
    const body = await call(vk, 'messages.send', {
      access_token: vk.accessToken,
      v: '5.199',
      peer_ids: '1,2',
      message: 'Плановое отключение завтра 10:00–14:00',
      random_id: '5',
    });
    expect(body.response).toEqual([
      { peer_id: 1, message_id: 1, conversation_message_id: 1 },
      { peer_id: 2, message_id: 2, conversation_message_id: 1 },
    ]);
  });

  it('retries with X-Retry-Counter until the callback server answers exactly "ok"', async () => {
    vk = await VkDouble.start({ callback: { retryDelayMs: 5 } });
    const seen: (string | undefined)[] = [];
    const { createServer } = await import('node:http');
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const event = JSON.parse(body) as { type: string };
      if (event.type === 'confirmation') return void res.end(vk?.confirmationCode);
      seen.push(req.headers['x-retry-counter'] as string | undefined);
      res.end(seen.length < 3 ? 'OK' : 'ok'); // "OK" is not "ok" for VK
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await vk.connectCallbackServer(`http://127.0.0.1:${port}/`);
    const delivery = await vk.userSends(8, 'привет');
    server.close();
    expect(delivery.delivered).toBe(true);
    expect(delivery.attempts.map((a) => a.body)).toEqual(['OK', 'OK', 'ok']);
    expect(seen).toEqual([undefined, '1', '2']);
  });

  it('counts an answer slower than the response timeout as a failure and retries', async () => {
    vk = await VkDouble.start({ callback: { retryDelayMs: 5, responseTimeoutMs: 100 } });
    let attempts = 0;
    const { createServer } = await import('node:http');
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      if ((JSON.parse(body) as { type: string }).type === 'confirmation')
        return void res.end(vk?.confirmationCode);
      attempts += 1;
      if (attempts === 1) setTimeout(() => res.end('ok'), 400);
      else res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await vk.connectCallbackServer(`http://127.0.0.1:${port}/`);
    const delivery = await vk.userSends(9, 'медленный сервер');
    server.closeAllConnections();
    server.close();
    expect(delivery.attempts.map((a) => a.status)).toEqual(['error', 200]);
    expect(delivery.attempts[0]?.error).toBe('timeout');
    expect(delivery.delivered).toBe(true);
  });
});
