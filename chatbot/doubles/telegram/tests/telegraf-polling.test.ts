import { randomBytes } from 'node:crypto';
import type { Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramDouble } from '../index.ts';
import { createEchoBot } from './echo-bot.ts';

let tg: TelegramDouble;
let bot: Telegraf;
let seen: number[];
beforeEach(async () => {
  // Limits have their own tests; a 429 here would stop telegraf's polling loop altogether.
  tg = await TelegramDouble.start({ limits: { perChatPerSecond: 100 } });
  seen = [];
  bot = createEchoBot(tg.token, tg.url, seen);
  await new Promise<void>((resolve, reject) => {
    bot.launch(() => resolve()).catch(reject);
  });
});
afterEach(async () => {
  bot.stop('test over');
  await tg.stop();
});

describe('Telegram double with real telegraf, long polling', () => {
  it('answers /start and echoes text with a reply keyboard', async () => {
    tg.userSends(1001, '/start');
    const greeting = await tg.waitForMessage(1001, (m) => m.text?.startsWith('Здравствуйте') === true);
    expect(greeting.text).toBe('Здравствуйте! Чем можем помочь?');
    tg.userSends(1002, 'сколько я должен?');
    const echo = await tg.waitForMessage(1002);
    expect(echo.text).toBe('Вы написали: сколько я должен?');
    expect(echo.reply_markup).toEqual({ keyboard: [['Оператор']], resize_keyboard: true });
    await tg.waitForDrain();
    expect(tg.requests.some((r) => r.method === 'deleteWebhook')).toBe(true);
  });

  it('shows an inline keyboard, takes a button press, answers the callback and edits the message', async () => {
    tg.userSends(2001, '/menu');
    const menu = await tg.waitForMessage(2001, (m) => m.text === 'Выберите тему');
    expect(menu.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Баланс', callback_data: 'topic:balance', hide: false },
          { text: 'Сайт', url: 'https://example.ru', hide: false },
        ],
      ],
    });
    const press = tg.userPresses(2001, menu.message_id, 'topic:balance');
    expect(await tg.waitForCallbackAnswer(press.callback_query?.id ?? '')).toEqual({ text: 'Принято' });
    const edited = await tg.waitForMessage(2001, (m) => m.edits === 1);
    expect(edited).toMatchObject({ message_id: menu.message_id, text: 'Тема: balance' });
    expect(edited.reply_markup).toBeUndefined();
  });

  it('lets the bot download a user photo by getFile and send a document back as multipart', async () => {
    const photo = randomBytes(5000);
    const update = tg.userSends(3001, { photo: { bytes: photo, width: 1600, height: 1200 } });
    expect(update.message?.photo?.map((size) => [size.width, size.height])).toEqual([
      [90, 68],
      [320, 240],
      [800, 600],
      [1280, 960],
      [1600, 1200],
    ]);
    const reply = await tg.waitForMessage(3001, (m) => m.document !== undefined);
    expect(reply.caption).toBe('получено 5000 байт');
    expect(reply.document).toMatchObject({ file_name: 'meter.jpg', file_size: 5000 });
    expect(tg.fileBytes(reply.document?.file_id ?? '')?.equals(photo)).toBe(true);
    expect(tg.chatActions(3001)).toEqual(['upload_document']);
  });

  it('hands the bot each update once, in order, and confirms them by offset', async () => {
    const chats = [4001, 4002, 4003, 4004, 4005];
    const sent = chats.map((chat) => tg.userSends(chat, `сообщение ${chat}`).update_id);
    for (const chat of chats) await tg.waitForMessage(chat);
    await tg.waitForDrain();
    expect(seen).toEqual(sent);
    expect(chats.map((chat) => tg.messagesTo(chat).length)).toEqual([1, 1, 1, 1, 1]);
    expect(tg.pendingUpdates()).toEqual([]);
  });

  it('redelivers an update with its original update_id (what an exactly-once bot must ignore)', async () => {
    const update = tg.userSends(4101, 'дубль');
    await tg.waitForMessage(4101);
    await tg.waitForDrain();
    tg.redeliver(update);
    // This echo bot has no dedupe, so the duplicate shows as a second reply.
    await tg.waitForMessage(4101, (m) => m.message_id > 2);
    expect(seen.filter((id) => id === update.update_id)).toHaveLength(2);
  });
});
