import { randomBytes } from 'node:crypto';
import { Input, Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramDouble } from '../index.ts';
import { callApi } from './raw.ts';

let tg: TelegramDouble;
let bot: Telegraf;
beforeEach(async () => {
  tg = await TelegramDouble.start({ limits: { perChatPerSecond: 100 } });
  bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.url } });
});
afterEach(async () => {
  await tg.stop();
});

describe('Telegram double: files, commands, chat actions through telegraf’s client', () => {
  it('takes a photo upload as multipart, and the same photo again by file_id', async () => {
    tg.userSends(600, 'пришлите квитанцию');
    const bytes = randomBytes(4096);
    const sent = await bot.telegram.sendPhoto(600, Input.fromBuffer(bytes, 'receipt.jpg'), {
      caption: 'Квитанция за ноябрь',
      reply_markup: { inline_keyboard: [[{ text: 'Оплатить', url: 'https://example.ru/pay' }]] },
    });
    expect(sent.caption).toBe('Квитанция за ноябрь');
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ text: 'Оплатить' });
    const largest = sent.photo.at(-1);
    expect(tg.fileBytes(largest?.file_id ?? '')?.equals(bytes)).toBe(true);
    const again = await bot.telegram.sendPhoto(600, largest?.file_id ?? '');
    expect(again.photo.at(-1)?.file_size).toBe(4096);
    const wrong = await bot.telegram
      .sendPhoto(600, 'no-such-file-id')
      .catch((e: { description: string }) => e);
    expect((wrong as { description: string }).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    );
    expect(tg.messagesTo(600).filter((m) => m.photo)).toHaveLength(2);
  });

  it('lets the bot fetch a user document by getFile and file link; unknown ids and paths fail', async () => {
    const pdf = Buffer.from('%PDF-1.4 заявление');
    const update = tg.userSends(601, {
      document: { bytes: pdf, fileName: 'Заявление.pdf', mimeType: 'application/pdf' },
    });
    const document = update.message?.document;
    expect(document).toMatchObject({
      file_name: 'Заявление.pdf',
      mime_type: 'application/pdf',
      file_size: pdf.length,
    });
    const file = await bot.telegram.getFile(document?.file_id ?? '');
    expect(file.file_path).toMatch(/^documents\/file_\d+\.pdf$/);
    const link = await bot.telegram.getFileLink(file);
    const downloaded = await fetch(link);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await callApi(tg, 'getFile', { file_id: 'nope' })).body.description).toBe(
      'Bad Request: invalid file_id',
    );
    expect((await fetch(`${tg.url}/file/bot${tg.token}/documents/missing.pdf`)).status).toBe(404);
    expect((await fetch(`${tg.url}/file/bot1:wrong/${file.file_path}`)).status).toBe(401);
  });

  it('stores commands, records chat actions, deletes messages and rejects unknown actions', async () => {
    await bot.telegram.setMyCommands([
      { command: 'start', description: 'Начать' },
      { command: 'operator', description: 'Связаться с оператором' },
    ]);
    expect(await bot.telegram.getMyCommands()).toEqual(tg.commands());
    expect(tg.commands()).toHaveLength(2);
    const badCommand = await callApi(tg, 'setMyCommands', {
      commands: [{ command: 'Bad Command', description: 'x' }],
    });
    expect(badCommand.status).toBe(400);
    tg.userSends(602, 'hi');
    await bot.telegram.sendChatAction(602, 'typing');
    expect(tg.chatActions(602)).toEqual(['typing']);
    expect((await callApi(tg, 'sendChatAction', { chat_id: 602, action: 'dancing' })).body.description).toBe(
      'Bad Request: wrong parameter action in request',
    );
    const message = await bot.telegram.sendMessage(602, 'временное');
    await bot.telegram.deleteMessage(602, message.message_id);
    expect(tg.messagesTo(602)).toEqual([]);
    const unparseable = await fetch(`${tg.url}/bot${tg.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"chat_id": 602, "text": ',
    });
    expect(unparseable.status).toBe(400);
  });
});
