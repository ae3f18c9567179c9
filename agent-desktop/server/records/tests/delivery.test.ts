import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebDelivery } from '../../../../chatbot/channels/web/delivery.ts';
import { chatKeys } from '../../../../chatbot/dialog/keys.ts';
import { chatbotAppealSenders } from '../../../../chatbot/outbound/appeal-senders.ts';
import {
  appealDeliveryQueueName,
  startAppealDeliveryWorkers,
} from '../../../../core/appeals/delivery/index.ts';
import { IVANOV } from '../../../../core/billing/tests/fixtures.ts';
import { createLogger } from '../../../../core/logging/index.ts';
import { dialerAppealSenders } from '../../../../dialer/appeal-senders.ts';
import { SmtpEmailChannel } from '../../../../dialer/channels/email-smtp.ts';
import { SmppSmsChannel } from '../../../../dialer/channels/sms-smpp.ts';
import { SmscDouble, SmtpDouble } from '../../../../dialer/doubles/index.ts';
import { eventually } from '../../../../dialer/tests/harness.ts';
import type { Browser } from '../../tests/helpers.ts';
import { createUser, json, type RecordsWorld, startRecordsWorld } from './support.ts';

/**
 * Appeal answers from the desktop to the client over the real senders: the SMPP and SMTP doubles
 * (dialer/doubles) and the chatbot's web-chat channel, on the desktop's PostgreSQL and Redis.
 */
let world: RecordsWorld;
let smsc: SmscDouble;
let smtp: SmtpDouble;
let sms: SmppSmsChannel;
let email: SmtpEmailChannel;
let web: WebDelivery;
let workers: { close(): Promise<void> } | undefined;
let anna: Browser;
const keysOf = () => chatKeys(world.redis.prefix);

function startWorkers() {
  const connection = { url: world.redis.url, maxRetriesPerRequest: null };
  workers = startAppealDeliveryWorkers({
    pool: world.db.pool,
    clock: world.clock,
    logger: createLogger({ name: 'appeal-delivery-test', level: 'silent' }),
    connection,
    prefix: world.redis.prefix,
    senders: [
      ...dialerAppealSenders({ sms, email }, world.clock),
      ...chatbotAppealSenders({}, world.redis.redis, keysOf(), web),
    ],
  });
}

beforeAll(async () => {
  [world, smsc, smtp] = await Promise.all([
    startRecordsWorld({ APPEAL_DELIVERY_ATTEMPTS: '3', APPEAL_DELIVERY_BACKOFF_MS: '50' }),
    SmscDouble.start({ systemId: 'hotline', password: 'secret' }),
    SmtpDouble.start({}),
  ]);
  sms = await SmppSmsChannel.connect(
    { url: smsc.url, systemId: 'hotline', password: 'secret', sourceAddr: 'ENERGOSBYT' },
    { onReceipt: async () => {}, onIncoming: async () => {} },
  );
  email = new SmtpEmailChannel({
    host: '127.0.0.1',
    port: smtp.port,
    from: 'ekc@energo.test',
    ignoreTLS: true,
  });
  web = new WebDelivery(world.redis.redis, keysOf());
  await createUser(world.db.pool, 'delivery-anna', ['operator']);
  anna = await world.signIn('delivery-anna');
  startWorkers();
});
afterAll(async () => {
  await workers?.close();
  await sms?.close();
  email?.close();
  await Promise.all([smsc?.stop(), smtp?.stop()]);
  await world?.close();
});

async function register(body: Record<string, unknown>): Promise<{ id: number; regNumber: string }> {
  const reply = await anna
    .request('POST', '/api/records/appeals', {
      kind: 'simple',
      topics: ['bill'],
      description: 'Вопрос',
      ...body,
    })
    .then(json);
  expect(reply.status).toBe(201);
  return reply.body.appeal;
}

async function deliveriesOf(appealId: number) {
  return (await anna.request('GET', `/api/records/appeals/${appealId}`).then(json)).body.appeal
    .deliveries as Array<{
    id: number;
    purpose: string;
    status: string;
    hint: string;
    canRetry: boolean;
  }>;
}

const settled = (appealId: number, count: number) =>
  eventually(async () => {
    const list = await deliveriesOf(appealId);
    return list.length === count && list.every((d) => !['queued', 'sending'].includes(d.status)) && list;
  });

async function deliveryEvents(appealId: number) {
  const { rows } = await world.db.pool.query(
    `select data->>'action' as action, data->>'purpose' as purpose, note from appeal_events
      where appeal_id = $1 and data ? 'deliveryId' order by id`,
    [appealId],
  );
  return rows;
}

describe('appeal answers reach the client', () => {
  it('e-mail: the registration auto-reply with the number (R-APL-2), then the answer (R-APL-5)', async () => {
    const appeal = await register({ channel: 'email', replyAddress: 'ivanov@example.ru', accountId: 1 });
    const notice = await smtp.waitForMessageTo('ivanov@example.ru');
    expect(notice.subject).toBe(`Обращение № ${appeal.regNumber} зарегистрировано`);
    expect(notice.text).toContain(`зарегистрировано под номером ${appeal.regNumber}`);
    const answered = await anna
      .request('POST', `/api/records/appeals/${appeal.id}/answer`, { text: 'Перерасчёт выполнен 20 ноября.' })
      .then(json);
    expect(answered.status).toBe(200);
    const mail = await smtp.waitForMessageTo('ivanov@example.ru', { count: 2 });
    expect(mail.subject).toBe(`Ответ на обращение № ${appeal.regNumber}`);
    expect(mail.text).toContain('Перерасчёт выполнен 20 ноября.');
    const list = await settled(appeal.id, 2);
    expect(list.map((d) => [d.purpose, d.status])).toEqual([
      ['registration', 'sent'],
      ['answer', 'sent'],
    ]);
    expect(await deliveryEvents(appeal.id)).toEqual([
      { action: 'answer_sent', purpose: 'registration', note: 'Принято почтовым сервером' },
      { action: 'answer_sent', purpose: 'answer', note: 'Принято почтовым сервером' },
    ]);
  });

  it('SMS: a short answer goes whole; a long one goes to the online account, the SMS says where', async () => {
    const phone = IVANOV.phone;
    const msisdn = phone.replace('+', '');
    const short = await register({ channel: 'sms', replyAddress: phone, accountId: 1 });
    await smsc.waitForMessageTo(msisdn);
    await anna.request('POST', `/api/records/appeals/${short.id}/answer`, { text: 'Оплата зачтена.' });
    expect((await smsc.waitForMessageTo(msisdn, { count: 2 })).text).toBe(
      `Ответ на Ваше обращение № ${short.regNumber}.\nОплата зачтена.`,
    );
    const long = await register({ channel: 'sms', replyAddress: phone, accountId: 1 });
    await smsc.waitForMessageTo(msisdn, { count: 3 });
    const text = 'Начисление за октябрь пересчитано по показаниям прибора учёта. '.repeat(5);
    await anna.request('POST', `/api/records/appeals/${long.id}/answer`, { text });
    expect((await smsc.waitForMessageTo(msisdn, { count: 4 })).text).toBe(
      `Ответ на обращение ${long.regNumber} — в личном кабинете.`,
    );
    const { rows } = await world.db.pool.query(
      `select body from client_notices where client_id = 1 and channel = 'online_account' and body like $1`,
      [`%${long.regNumber}%`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].body).toContain(text.trim());
    await settled(long.id, 2);
  });

  it('a gateway failure is tried again, then shows as failed with the reason; the retry button sends it', async () => {
    const address = 'flaky@example.ru';
    smtp.failRecipient(address, { code: 451, message: '4.3.0 Try again later' });
    const appeal = await register({ channel: 'phone', replyChannel: 'email', replyAddress: address });
    await anna.request('POST', `/api/records/appeals/${appeal.id}/answer`, { text: 'Ответ по счёту.' });
    const [failed] = await settled(appeal.id, 1);
    expect(failed).toMatchObject({ status: 'failed', canRetry: true });
    expect(failed!.hint).toMatch(
      /^Канал временно недоступен, отправка будет повторена: попытки исчерпаны \(3\)/,
    );
    expect(smtp.messagesTo(address)).toHaveLength(0);
    expect(await deliveryEvents(appeal.id)).toEqual([
      expect.objectContaining({ action: 'answer_failed', purpose: 'answer' }),
    ]);

    smtp.acceptRecipient(address);
    const retried = await anna
      .request('POST', `/api/records/appeals/${appeal.id}/deliveries/${failed!.id}/retry`, {})
      .then(json);
    expect(retried.body.delivery).toMatchObject({ status: 'queued' });
    expect((await smtp.waitForMessageTo(address)).text).toContain('Ответ по счёту.');
    expect((await settled(appeal.id, 1))[0]).toMatchObject({ status: 'sent' });
  });

  it('a permanent refusal (5xx) fails at once, without retries', async () => {
    smtp.failRecipient('gone@example.ru');
    const appeal = await register({
      channel: 'phone',
      replyChannel: 'email',
      replyAddress: 'gone@example.ru',
    });
    await anna.request('POST', `/api/records/appeals/${appeal.id}/answer`, { text: 'Ответ.' });
    const [failed] = await settled(appeal.id, 1);
    expect(failed!.hint).toMatch(/^Почтовый сервер отказал: адрес недоступен \(bounced_550\)/);
    const { rows } = await world.db.pool.query('select attempts from appeal_deliveries where id = $1', [
      failed!.id,
    ]);
    expect(rows[0].attempts).toBe(1);
  });

  it('no double send: a job run again after a worker restart finds the answer sent', async () => {
    const appeal = await register({
      channel: 'phone',
      replyChannel: 'email',
      replyAddress: 'once@example.ru',
    });
    await anna.request('POST', `/api/records/appeals/${appeal.id}/answer`, { text: 'Один раз.' });
    await smtp.waitForMessageTo('once@example.ru');
    const [sent] = await settled(appeal.id, 1);
    await workers!.close();
    startWorkers();
    // What BullMQ does with a job whose worker died before acknowledging it: run it again.
    const queue = new Queue(appealDeliveryQueueName('email'), {
      connection: { url: world.redis.url },
      prefix: world.redis.prefix,
    });
    const job = await queue.add('deliver', { deliveryId: sent!.id }, { jobId: 'rerun-after-restart' });
    await eventually(async () => (await job.getState()) === 'completed');
    await queue.close();
    expect(smtp.messagesTo('once@example.ru')).toHaveLength(1);
    expect(await deliveryEvents(appeal.id)).toHaveLength(1);
  });

  it("web chat: the answer lands in the client's chat after the conversation ended; a chat that is gone fails", async () => {
    const session = 'websession-delivery-1';
    // The conversation happened earlier: the session's inbox holds the bot's last message.
    await web.deliver({
      id: 'earlier',
      channel: 'web_chat',
      chatId: session,
      reply: { text: 'До свидания!' },
      at: 0,
    });
    const appeal = await register({ channel: 'web_chat', replyAddress: session });
    await anna.request('POST', `/api/records/appeals/${appeal.id}/answer`, {
      text: 'Счётчик заменят 2 декабря.',
    });
    const frames = await eventually(async () => {
      const later = await web.since(session, 1);
      return later.length > 0 && later;
    });
    expect(JSON.parse(frames[0]!).text).toBe(
      `Ответ на Ваше обращение № ${appeal.regNumber}.\nСчётчик заменят 2 декабря.`,
    );
    expect((await settled(appeal.id, 1))[0]).toMatchObject({ status: 'sent' });

    const gone = await register({ channel: 'web_chat', replyAddress: 'websession-expired' });
    await anna.request('POST', `/api/records/appeals/${gone.id}/answer`, { text: 'Ответ.' });
    const [failed] = await settled(gone.id, 1);
    expect(failed).toMatchObject({ status: 'failed', canRetry: true });
    expect(failed!.hint).toMatch(/^Сеанс чата на сайте уже завершён/);
  });

  it('an interim answer names the date of the full answer (R-APL-4)', async () => {
    const appeal = await register({ channel: 'email', kind: 'external', replyAddress: 'interim@example.ru' });
    await smtp.waitForMessageTo('interim@example.ru');
    const interim = await anna
      .request('POST', `/api/records/appeals/${appeal.id}/interim`, {
        text: 'Запрос направлен в сетевую организацию.',
        fullAnswerDueOn: '2026-12-10',
      })
      .then(json);
    expect(interim.status).toBe(200);
    const mail = await smtp.waitForMessageTo('interim@example.ru', { count: 2 });
    expect(mail.subject).toBe(`Обращение № ${appeal.regNumber}: промежуточный ответ`);
    expect(mail.text).toContain('Запрос направлен в сетевую организацию.');
    expect(mail.text).toContain('Полный ответ будет дан не позднее 10.12.2026.');
  });

  it('post and a chat without an address become tasks; only the appeal’s operator may close them', async () => {
    const post = await register({ channel: 'post', replyAddress: 'г. Абакан, ул. Ленина, д. 12, кв. 5' });
    const byPost = await anna
      .request('POST', `/api/records/appeals/${post.id}/answer`, { text: 'Ответ.' })
      .then(json);
    expect(byPost.body.appeal.deliveries).toEqual([
      expect.objectContaining({
        status: 'manual',
        hint: expect.stringContaining('автоматической отправки нет'),
      }),
    ]);
    const chat = await register({ channel: 'phone', replyChannel: 'telegram' });
    const byChat = await anna
      .request('POST', `/api/records/appeals/${chat.id}/answer`, { text: 'Ответ.' })
      .then(json);
    const [task] = byChat.body.appeal.deliveries;
    expect(task).toMatchObject({ status: 'manual', canMarkDone: true });
    expect(task.hint).toMatch(/^Не указан адрес для канала «Telegram»/);

    await createUser(world.db.pool, 'delivery-boris', ['operator']);
    const boris = await world.signIn('delivery-boris');
    const foreign = await boris.request(
      'POST',
      `/api/records/appeals/${chat.id}/deliveries/${task.id}/done`,
      {
        note: 'Написал в Telegram',
      },
    );
    expect(foreign.status).toBe(403);
    const wrongAppeal = await anna.request(
      'POST',
      `/api/records/appeals/${post.id}/deliveries/${task.id}/done`,
      {
        note: 'Написал в Telegram',
      },
    );
    expect(wrongAppeal.status).toBe(404);
    const done = await anna
      .request('POST', `/api/records/appeals/${chat.id}/deliveries/${task.id}/done`, {
        note: 'Написал в Telegram',
      })
      .then(json);
    expect(done.body.delivery).toMatchObject({ status: 'sent' });
  });
});
