import { Input, Markup, Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';

/**
 * A tiny bot written the way the product will write one, used to prove the double speaks the
 * protocol telegraf expects: commands, text, inline buttons, callback answers, edits, files.
 */
export function createEchoBot(token: string, apiRoot: string, seenUpdateIds: number[] = []): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot } });
  bot.use((ctx, next) => {
    seenUpdateIds.push(ctx.update.update_id);
    return next();
  });
  bot.start((ctx) => ctx.reply('Здравствуйте! Чем можем помочь?'));
  bot.command('menu', (ctx) =>
    ctx.reply(
      'Выберите тему',
      Markup.inlineKeyboard([
        [Markup.button.callback('Баланс', 'topic:balance'), Markup.button.url('Сайт', 'https://example.ru')],
      ]),
    ),
  );
  bot.action(/^topic:(.+)$/, async (ctx) => {
    await ctx.answerCbQuery('Принято');
    await ctx.editMessageText(`Тема: ${ctx.match[1]}`);
  });
  bot.on(message('photo'), async (ctx) => {
    const largest = ctx.message.photo[ctx.message.photo.length - 1];
    if (!largest) return;
    const link = await ctx.telegram.getFileLink(largest.file_id);
    const bytes = Buffer.from(await (await fetch(link)).arrayBuffer());
    await ctx.sendChatAction('upload_document');
    await ctx.replyWithDocument(Input.fromBuffer(bytes, 'meter.jpg'), {
      caption: `получено ${bytes.length} байт`,
    });
  });
  bot.on(message('text'), (ctx) =>
    ctx.reply(`Вы написали: ${ctx.message.text}`, Markup.keyboard([['Оператор']]).resize()),
  );
  return bot;
}
