import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramDouble } from '../index.ts';
import { type ApiBody, callApi } from './raw.ts';

let tg: TelegramDouble;
beforeEach(async () => {
  // Rate limits have their own tests (limits.test.ts); here they would only get in the way.
  tg = await TelegramDouble.start({ limits: { perChatPerSecond: 100, globalPerSecond: 1000 } });
});
afterEach(async () => {
  await tg.stop();
});

describe('Telegram double: the wire protocol', () => {
  it('answers 401 Unauthorized to a wrong token and 404 to an unknown method', async () => {
    const wrong = await callApi(tg, 'getMe', {}, '1:wrong');
    expect(wrong).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    const unknown = await callApi(tg, 'sendTelepathy');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error_code: 404 });
  });

  it('accepts parameters as query string, url-encoded form and JSON', async () => {
    tg.userSends(501, 'привет');
    const query = await fetch(`${tg.url}/bot${tg.token}/sendMessage?chat_id=501&text=a`);
    expect(((await query.json()) as ApiBody).result).toMatchObject({ chat: { id: 501 }, text: 'a' });
    const form = await fetch(`${tg.url}/bot${tg.token}/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '501', text: 'b', reply_markup: '{"remove_keyboard":true}' }),
    });
    expect(((await form.json()) as ApiBody).ok).toBe(true);
    expect(tg.messagesTo(501).map((m) => m.text)).toEqual(['a', 'b']);
    expect(tg.messagesTo(501)[1]?.reply_markup).toEqual({ remove_keyboard: true });
  });

  it('refuses a chat the user never opened, an empty text and a too long text with Telegram’s words', async () => {
    expect((await callApi(tg, 'sendMessage', { chat_id: 42, text: 'x' })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
    tg.userSends(42, 'hi');
    expect((await callApi(tg, 'sendMessage', { chat_id: 42, text: '' })).body.description).toBe(
      'Bad Request: message text is empty',
    );
    expect((await callApi(tg, 'sendMessage', { chat_id: 42 })).body.description).toBe(
      'Bad Request: message text is empty',
    );
    expect((await callApi(tg, 'sendMessage', { chat_id: 42, text: 'я'.repeat(4096) })).body.ok).toBe(true);
    expect((await callApi(tg, 'sendMessage', { chat_id: 42, text: 'я'.repeat(4097) })).body.description).toBe(
      'Bad Request: message is too long',
    );
  });

  it('validates inline keyboards: no text-only buttons, callback_data 1–64 bytes', async () => {
    tg.userSends(7, 'hi');
    const textOnly = await callApi(tg, 'sendMessage', {
      chat_id: 7,
      text: 'menu',
      reply_markup: { inline_keyboard: [[{ text: 'Баланс' }]] },
    });
    expect(textOnly.body.description).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    const at64 = await callApi(tg, 'sendMessage', {
      chat_id: 7,
      text: 'menu',
      reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'x'.repeat(64) }]] },
    });
    expect(at64.body.ok).toBe(true);
    // 33 Cyrillic letters are 66 bytes: the limit is in bytes, not characters.
    const over = await callApi(tg, 'sendMessage', {
      chat_id: 7,
      text: 'menu',
      reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'ж'.repeat(33) }]] },
    });
    expect(over.body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    const broken = await callApi(tg, 'sendMessage', { chat_id: 7, text: 'menu', reply_markup: '{not json' });
    expect(broken.body.description).toBe("Bad Request: can't parse reply keyboard markup JSON object");
  });

  it('holds getUpdates until an update arrives, confirms by offset and keeps unconfirmed ones', async () => {
    const held = callApi(tg, 'getUpdates', { timeout: 30 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = tg.userSends(100, '/start');
    const { body } = await held;
    expect(body.result).toEqual([sent]);
    expect(sent.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    // Not confirmed yet: returned again.
    expect((await callApi(tg, 'getUpdates', { timeout: 0 })).body.result).toHaveLength(1);
    const next = await callApi(tg, 'getUpdates', { offset: sent.update_id + 1, timeout: 0 });
    expect(next.body.result).toEqual([]);
    expect(tg.pendingUpdates()).toEqual([]);
  });

  it('answers 409 to the older of two concurrent long polls', async () => {
    const first = callApi(tg, 'getUpdates', { timeout: 30 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = callApi(tg, 'getUpdates', { timeout: 0 });
    expect(await first).toEqual({
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      },
    });
    expect((await second).body).toEqual({ ok: true, result: [] });
  });

  it('produces only allowed_updates types once a poll has asked for them', async () => {
    await callApi(tg, 'getUpdates', { allowed_updates: ['callback_query'], timeout: 0 });
    tg.userSends(5, 'text is filtered out');
    expect(tg.pendingUpdates()).toEqual([]);
    await callApi(tg, 'getUpdates', { allowed_updates: [], timeout: 0 });
    tg.userSends(5, 'all types again');
    expect(tg.pendingUpdates()).toHaveLength(1);
  });

  it('edits: not found, not modified, keyboard removed; callback answered once', async () => {
    tg.userSends(9, 'menu');
    const sent = await callApi(tg, 'sendMessage', {
      chat_id: 9,
      text: 'Выберите',
      reply_markup: { inline_keyboard: [[{ text: 'Баланс', callback_data: 'balance' }]] },
    });
    const messageId = sent.body.result.message_id as number;
    expect(sent.body.result.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Баланс', callback_data: 'balance' }]],
    });
    expect(
      (await callApi(tg, 'editMessageText', { chat_id: 9, message_id: 999, text: 'x' })).body.description,
    ).toBe('Bad Request: message to edit not found');
    const same = await callApi(tg, 'editMessageText', {
      chat_id: 9,
      message_id: messageId,
      text: 'Выберите',
      reply_markup: { inline_keyboard: [[{ text: 'Баланс', callback_data: 'balance' }]] },
    });
    expect(same.body.description).toMatch(/^Bad Request: message is not modified/);
    const press = tg.userPresses(9, messageId, 'balance');
    expect(() => tg.userPresses(9, messageId, 'nonexistent')).toThrow(/no inline button/);
    const queryId = press.callback_query?.id ?? '';
    expect(
      (await callApi(tg, 'answerCallbackQuery', { callback_query_id: queryId, text: 'Готово' })).body.ok,
    ).toBe(true);
    expect(await tg.waitForCallbackAnswer(queryId)).toEqual({ text: 'Готово' });
    expect((await callApi(tg, 'answerCallbackQuery', { callback_query_id: queryId })).body.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    const edited = await callApi(tg, 'editMessageText', {
      chat_id: 9,
      message_id: messageId,
      text: 'Баланс: 0 ₽',
    });
    expect(edited.body.result.reply_markup).toBeUndefined();
    expect(edited.body.result.edit_date).toBeTypeOf('number');
    expect(tg.messagesTo(9)[0]).toMatchObject({ text: 'Баланс: 0 ₽', edits: 1 });
    expect(() => tg.userPresses(9, messageId, 'balance')).toThrow(/no inline button/);
  });

  it('answers 403 when the user blocked the bot, until the user writes again', async () => {
    tg.userSends(11, 'hi');
    tg.userBlocksBot(11);
    expect((await callApi(tg, 'sendMessage', { chat_id: 11, text: 'x' })).body).toEqual({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    tg.userSends(11, '/start');
    expect((await callApi(tg, 'sendMessage', { chat_id: 11, text: 'x' })).body.ok).toBe(true);
  });

  it('fails the next calls on request (5xx, 429) and then recovers', async () => {
    tg.userSends(12, 'hi');
    tg.failNext('sendMessage', 1);
    tg.failNext('sendMessage', 1, { errorCode: 429, retryAfter: 3 });
    expect(await callApi(tg, 'sendMessage', { chat_id: 12, text: 'a' })).toMatchObject({ status: 502 });
    expect((await callApi(tg, 'sendMessage', { chat_id: 12, text: 'a' })).body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    expect((await callApi(tg, 'sendMessage', { chat_id: 12, text: 'a' })).body.ok).toBe(true);
    expect(tg.requests.filter((r) => r.method === 'sendMessage').map((r) => r.status)).toEqual([
      502, 429, 200,
    ]);
  });

  it('refuses getUpdates while a webhook is set', async () => {
    await callApi(tg, 'setWebhook', { url: 'http://127.0.0.1:9/hook' });
    expect((await callApi(tg, 'getUpdates')).body).toEqual({
      ok: false,
      error_code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    expect((await callApi(tg, 'deleteWebhook')).body).toEqual({
      ok: true,
      result: true,
      description: 'Webhook was deleted',
    });
    expect((await callApi(tg, 'getUpdates')).body).toEqual({ ok: true, result: [] });
  });

  it('parses HTML like Telegram: the user sees plain text; unescaped "<" is refused with the byte offset', async () => {
    tg.userSends(13, 'hi');
    const ok = await callApi(tg, 'sendMessage', {
      chat_id: 13,
      text: '<b>Баланс:</b> 1&nbsp;200 &lt;руб&gt; <a href="https://example.ru">оплатить</a>',
      parse_mode: 'HTML',
    });
    expect(ok.body.result.text).toBe('Баланс: 1&nbsp;200 <руб> оплатить');
    expect(tg.messagesTo(13)[0]).toMatchObject({
      parse_mode: 'HTML',
      plain_text: 'Баланс: 1&nbsp;200 <руб> оплатить',
    });
    const cases: [string, string][] = [
      // "Мощность " is 17 bytes in UTF-8: offsets are in bytes.
      ['Мощность <5 кВт', 'Unsupported start tag "5" at byte offset 17'],
      ['<b>жирный', 'Can\'t find end tag corresponding to start tag "b"'],
      ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
      ['x</b>', 'Unexpected end tag at byte offset 1'],
      ['<b', 'Unclosed start tag at byte offset 0'],
    ];
    for (const [text, error] of cases) {
      const refused = await callApi(tg, 'sendMessage', { chat_id: 13, text, parse_mode: 'HTML' });
      expect(refused.body.description).toBe(`Bad Request: can't parse entities: ${error}`);
    }
    expect(
      (await callApi(tg, 'sendMessage', { chat_id: 13, text: '<b> </b>', parse_mode: 'HTML' })).body
        .description,
    ).toBe('Bad Request: message text is empty');
    expect(
      (await callApi(tg, 'sendMessage', { chat_id: 13, text: 'x', parse_mode: 'Markdown2' })).body
        .description,
    ).toBe('Bad Request: unsupported parse_mode');
    // The 4096 limit counts what the user sees, not the markup.
    const long = `<b>${'я'.repeat(4096)}</b>`;
    expect((await callApi(tg, 'sendMessage', { chat_id: 13, text: long, parse_mode: 'HTML' })).body.ok).toBe(
      true,
    );
  });
});
