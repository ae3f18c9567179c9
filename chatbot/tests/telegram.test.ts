import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { attachmentsOf } from '../attachments/records.ts';
import { sendOperatorMessage } from '../dialog/operator-relay.ts';
import { TelegramDouble } from '../doubles/telegram/index.ts';
import {
  AFTER_HOURS,
  CHAT_QUEUE,
  type ChatbotHarness,
  OPERATOR_ID,
  startHarness,
  waitFor,
} from './harness.ts';

let h: ChatbotHarness | undefined;
let tg: TelegramDouble | undefined;
afterEach(async () => {
  await h?.close();
  await tg?.stop();
  h = undefined;
  tg = undefined;
});

const CHAT = 501;
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The bot's messages to the chat, waiting until there are `count`. */
async function messages(count: number, chat = CHAT) {
  await tg!.waitForMessage(chat, () => tg!.messagesTo(chat).length >= count, 8000);
  return tg!.messagesTo(chat);
}

function buttonsOf(message: { reply_markup?: Record<string, unknown> }): string[] {
  const keyboard = (message.reply_markup?.inline_keyboard ?? []) as Array<Array<{ callback_data: string }>>;
  return keyboard.flat().map((b) => b.callback_data);
}

describe('Telegram through telegraf and the Bot API double', () => {
  it('long polling: greeting, balance after identification, buttons, goodbye; a redelivered update gets no second reply', async () => {
    tg = await TelegramDouble.start();
    h = await startHarness({ env: { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url } });
    const first = tg.userSends(CHAT, 'Подскажите мою задолженность');
    const [greeting] = await messages(1);
    expect(greeting!.text).toContain('Здравствуйте! Вас приветствует единый контактный центр');
    expect(greeting!.text).toContain('номер Вашего лицевого счёта');
    tg.redeliver(first);
    await tg.waitForDrain();
    tg.userSends(CHAT, `мой лицевой счёт ${IVANOV.account}`);
    await messages(2);
    tg.userSends(CHAT, 'д. 12');
    const answer = (await messages(3))[2]!;
    expect(answer.text).toContain('Задолженность по Вашему лицевому счёту составляет');
    expect(buttonsOf(answer)).toEqual(['yes', 'no', 'op']);
    tg.userPresses(CHAT, answer.message_id, 'no');
    const bye = (await messages(4))[3]!;
    expect(bye.text).toBe('Благодарим Вас за обращение! Всего доброго, до свидания!');
    // the redelivered first update produced nothing: exactly four messages
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tg.messagesTo(CHAT)).toHaveLength(4);
  });

  it('a 429 with retry_after is waited out and the message still arrives, in order', async () => {
    tg = await TelegramDouble.start();
    h = await startHarness({ env: { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url } });
    tg.failNext('sendMessage', 1, { errorCode: 429, retryAfter: 1 });
    const sentAt = Date.now();
    tg.userSends(CHAT, 'Как оплатить без комиссии? И какие часы работы офиса?');
    const [reply] = await messages(1);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
    expect(reply!.text).toContain('без комиссии');
    expect(reply!.text).toContain('Вы также спрашивали: «Офисы и режим работы»');
    const calls = tg.requests.filter((r) => r.method.toLowerCase() === 'sendmessage').map((r) => r.status);
    expect(calls).toEqual([429, 200]);
    tg.userPresses(CHAT, reply!.message_id, 'yes');
    expect((await messages(2))[1]!.text).toContain('Есть ли у Вас другие вопросы?');
  });

  it('abusive messages: one polite warning, then the chat is muted and the appeal gets no action (R-BOT-5, R-APL-6)', async () => {
    tg = await TelegramDouble.start({ limits: { perChatPerSecond: 100 } });
    h = await startHarness({
      env: { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_PER_CHAT_INTERVAL_MS: '0' },
    });
    tg.userSends(CHAT, 'вы идиоты');
    expect((await messages(1))[0]!.text).toContain('давайте общаться уважительно');
    tg.userSends(CHAT, 'идиоты');
    expect((await messages(2))[1]!.text).toContain('обслуживание в этом чате приостановлено');
    tg.userSends(CHAT, 'ну ответьте');
    await tg.waitForDrain();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tg.messagesTo(CHAT)).toHaveLength(2);
    const { rows } = await h.db.pool.query(
      `select a.state, a.no_action_reason, i.abusive, i.state as ix_state
         from appeals a join interactions i on i.id = a.interaction_id where a.channel = 'telegram'`,
    );
    expect(rows).toEqual([
      { state: 'no_action', no_action_reason: 'abusive', abusive: true, ix_state: 'closed' },
    ]);
  });

  it('after hours: a photo of the meter is copied into storage and kept with the appeal whose number is sent back', async () => {
    tg = await TelegramDouble.start();
    h = await startHarness({
      start: AFTER_HOURS,
      env: { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url },
    });
    const jpeg = Buffer.concat([JPEG_HEAD, randomBytes(3000)]);
    const photo = tg.userSends(CHAT, { photo: { bytes: jpeg, width: 800, height: 600 } });
    expect((await messages(1))[0]!.text).toContain('файл получен');
    tg.userSends(CHAT, 'Хочу оформить рассрочку, фото квитанции приложил');
    const reply = (await messages(2))[1]!;
    expect(reply.text).toContain('Сейчас операторы ЕКЦ не работают');
    const number = /регистрационный номер (\S+)\./.exec(reply.text ?? '')?.[1];
    const { rows } = await h.db.pool.query(
      'select id, channel, description, interaction_id from appeals where reg_number = $1',
      [number],
    );
    const fileId = (photo.message!.photo as Array<{ file_id: string }>).at(-1)!.file_id;
    expect(rows[0].channel).toBe('telegram');
    expect(rows[0].description).toContain(`photo ${fileId}`);
    // getFile + download from /file/bot<token>/<path>, then the bytes in platform storage.
    const [stored] = await waitFor(async () => {
      const list = await attachmentsOf(h!.db.pool, rows[0].interaction_id);
      return list[0]?.appealId ? list : undefined;
    }, 'the photo copied and linked to the appeal');
    expect(stored).toMatchObject({
      appealId: Number(rows[0].id),
      channel: 'telegram',
      kind: 'photo',
      status: 'stored',
      mimeType: 'image/jpeg',
      sizeBytes: jpeg.length,
      fileName: 'фото.jpg',
    });
    const bytes = await readAll(await h.bot.attachmentStorage.read(stored!.storageKey!));
    expect(bytes.equals(jpeg)).toBe(true);
  });

  it('files over the size limit or of a type not accepted are refused politely and recorded as refused', async () => {
    tg = await TelegramDouble.start();
    h = await startHarness({
      env: { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, CHATBOT_ATTACHMENT_MAX_MB: '1' },
    });
    // A program posing as a PDF: the bytes decide.
    tg.userSends(CHAT, {
      document: {
        bytes: Buffer.from('MZ\x90\0 not a pdf'),
        fileName: 'счёт.pdf',
        mimeType: 'application/pdf',
      },
    });
    const refusedType = await waitFor(
      () => tg!.messagesTo(CHAT).find((m) => m.text?.includes('файл не принят: принимаются')),
      'the type refusal',
      8000,
    );
    expect(refusedType.text).toContain('PDF, DOCX, XLSX');
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1024 * 1024 + 10)]);
    tg.userSends(CHAT, { document: { bytes: big, fileName: 'скан.pdf', mimeType: 'application/pdf' } });
    await waitFor(
      () => tg!.messagesTo(CHAT).find((m) => m.text?.includes('размер больше 1 МБ')),
      'the size refusal',
      8000,
    );
    const { rows } = await h.db.pool.query(
      'select file_name, status, reject_reason, storage_key from chat_attachments order by id',
    );
    expect(rows).toEqual([
      { file_name: 'счёт.pdf', status: 'rejected', reject_reason: 'type_not_accepted', storage_key: null },
      { file_name: 'скан.pdf', status: 'rejected', reject_reason: 'too_large', storage_key: null },
    ]);
  });

  it('webhook: secret checked, operator handoff relayed both ways, CSAT after the operator ends', async () => {
    tg = await TelegramDouble.start({ webhook: { retryUnitMs: 50 } });
    const port = await freePort();
    h = await startHarness({
      env: {
        CHATBOT_PORT: String(port),
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.url,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        TELEGRAM_WEBHOOK_SECRET: 'Hotline_secret_1',
      },
    });
    const wrong = await fetch(`${h.bot.url}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' },
      body: JSON.stringify({ update_id: 1, message: { text: 'x' } }),
    });
    expect(wrong.status).toBe(403);
    const broken = await fetch(`${h.bot.url}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'Hotline_secret_1' },
      body: '{"update_id":',
    });
    expect(broken.status).toBe(415);

    tg.userSends(CHAT, 'позовите оператора');
    expect((await messages(1))[0]!.text).toContain('Передаю Ваш вопрос оператору.');
    const { rows } = await h.db.pool.query('select id from interactions where external_id = $1', [
      String(CHAT),
    ]);
    const ix = rows[0].id as string;
    await h.acd.login({ agentId: OPERATOR_ID, skills: [{ queue: CHAT_QUEUE }], state: 'ready' });
    await h.acd.accept(ix, OPERATOR_ID);
    expect((await messages(2))[1]!.text).toBe('Оператор подключился к диалогу.');
    await sendOperatorMessage(h.redis.redis, h.redis.prefix, {
      interactionId: ix,
      agentId: OPERATOR_ID,
      text: 'Слушаю Вас.',
    });
    expect((await messages(3))[2]!.text).toBe('Слушаю Вас.');
    await h.acd.finish(ix, OPERATOR_ID);
    const csat = (await messages(4))[3]!;
    expect(buttonsOf(csat)).toEqual(['csat:1', 'csat:2', 'csat:3', 'csat:4', 'csat:5']);
    tg.userPresses(CHAT, csat.message_id, 'csat:4');
    expect((await messages(5))[4]!.text).toContain('Спасибо за оценку!');
    await waitFor(async () => {
      const r = await h!.db.pool.query('select csat from interactions where id = $1', [ix]);
      return r.rows[0].csat === 4 || undefined;
    }, 'csat stored');
    // every webhook delivery was acknowledged
    expect(tg.webhookAttempts().every((a) => a.status === 200)).toBe(true);
  });
});
