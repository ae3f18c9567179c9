import { Telegraf, TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { TelegramDouble } from '../index.ts';
import { callApi } from './raw.ts';

let tg: TelegramDouble | undefined;
afterEach(async () => {
  await tg?.stop();
});

describe('Telegram double: Bot API rate limits', () => {
  it('allows one message per second per chat: 429 at +999 ms, accepted at +1000 ms', async () => {
    const clock = new ManualClock('2026-11-27T03:00:00Z');
    tg = await TelegramDouble.start({ clock });
    tg.userSends(1, 'hi');
    expect((await callApi(tg, 'sendMessage', { chat_id: 1, text: 'one' })).body.ok).toBe(true);
    clock.advance(999);
    expect((await callApi(tg, 'sendMessage', { chat_id: 1, text: 'two' })).body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    clock.advance(1);
    expect((await callApi(tg, 'sendMessage', { chat_id: 1, text: 'two' })).body.ok).toBe(true);
    expect(tg.messagesTo(1).map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('limits all chats together (30/s by default, configurable) and reports the wait in seconds', async () => {
    const clock = new ManualClock('2026-11-27T03:00:00Z');
    tg = await TelegramDouble.start({ clock, limits: { globalPerSecond: 3, perChatPerSecond: 10 } });
    for (const chat of [1, 2, 3, 4]) tg.userSends(chat, 'hi');
    for (const chat of [1, 2, 3]) {
      expect((await callApi(tg, 'sendMessage', { chat_id: chat, text: 'x' })).body.ok).toBe(true);
      clock.advance(100);
    }
    // The oldest of the three was sent 300 ms ago: it leaves the window in 700 ms, reported as 1 s.
    expect((await callApi(tg, 'sendMessage', { chat_id: 4, text: 'x' })).body.parameters).toEqual({
      retry_after: 1,
    });
    clock.advance(700);
    expect((await callApi(tg, 'sendMessage', { chat_id: 4, text: 'x' })).body.ok).toBe(true);
  });

  it('surfaces as a TelegramError with parameters.retry_after in telegraf', async () => {
    tg = await TelegramDouble.start({ clock: new ManualClock('2026-11-27T03:00:00Z') });
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.url } });
    tg.userSends(77, 'hi');
    await bot.telegram.sendMessage(77, 'first');
    const error = await bot.telegram.sendMessage(77, 'second').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).code).toBe(429);
    expect((error as TelegramError).parameters?.retry_after).toBe(1);
  });
});
