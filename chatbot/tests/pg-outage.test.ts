import { afterAll, beforeAll, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { createPool } from '../../core/db/pool.ts';
import { StoppablePostgres } from '../../core/testing/stoppable-postgres.ts';
import { chatKeys } from '../dialog/keys.ts';
import { type ChatbotHarness, startHarness } from './harness.ts';
import { WebChatClient } from './web-client.ts';

let server: StoppablePostgres;
let h: ChatbotHarness;
beforeAll(async () => {
  server = await StoppablePostgres.create();
  const pool = createPool(server.url, { max: 4 });
  h = await startHarness({
    db: {
      url: server.url,
      pool,
      async drop() {
        await pool.end();
        await server.destroy();
      },
    },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await server?.destroy();
}, 60_000);

const linesOf = async (interactionId: string) =>
  (
    await h.db.pool.query<{ from: string; text: string }>(
      `select data->>'from' as from, data->>'text' as text from interaction_events
        where interaction_id = $1 and kind = 'chat.message' order by at, id`,
      [interactionId],
    )
  ).rows;

const interactionOf = async (chatId: string) =>
  (
    await h.db.pool.query<{
      id: string;
      state: string;
      outcome: string | null;
      topics: string[];
      started_at: Date;
      closed_at: Date | null;
      opened: number;
    }>(
      `select i.id, i.state, i.outcome, i.topics, i.started_at, i.closed_at,
              (select count(*)::int from interaction_events e where e.interaction_id = i.id and e.kind = 'opened') as opened
         from interactions i where i.channel = 'web_chat' and i.external_id = $1`,
      [chatId],
    )
  ).rows;

/**
 * A brand-new web chat while PostgreSQL is down (stopped in immediate mode, a crash): the bot
 * greets and answers the reference question, says the account data is unavailable and hands the
 * other client to an operator (the ACD is Redis); nothing is refused. When the database is back
 * each interaction is created once, closed with its outcome as of when it happened, and every
 * line of both dialogues is in interaction_events exactly once.
 */
it('answers new chats during a PostgreSQL outage and writes them once when it is back', async () => {
  await server.crash();

  const openedAt = h.clock.nowMs();
  const reader = await WebChatClient.connect(h.bot.url);
  const answer = await reader.ask('Как оплатить без комиссии?');
  expect(answer.text).toContain('Здравствуйте! Вас приветствует единый контактный центр');
  expect(answer.text).toContain('без комиссии');
  h.clock.advance(90_000);
  const bye = await reader.ask('Нет, спасибо');
  expect(bye.text).toBe('Благодарим Вас за обращение! Всего доброго, до свидания!');

  const payer = await WebChatClient.connect(h.bot.url);
  expect((await payer.ask('Какой у меня долг за электричество?')).text).toContain(
    'номер Вашего лицевого счёта',
  );
  expect((await payer.ask(`лс ${IVANOV.account}`)).text).toContain('фамилию владельца');
  const unavailable = await payer.ask('Иванов');
  expect(unavailable.text).toContain('сведения по лицевому счёту сейчас недоступны');
  expect(unavailable.text).toContain('Передаю Ваш вопрос оператору');

  for (const chat of [reader, payer])
    expect(chat.frames.filter((frame) => frame.type === 'error')).toEqual([]);
  // Nothing could be written yet: it all waits in the stream.
  expect(await h.redis.redis.xlen(chatKeys(h.redis.prefix).transcript)).toBeGreaterThan(0);
  const before = h.bot.writer.written;

  await server.start();
  await expect
    .poll(async () => (await interactionOf(reader.session))[0]?.state, { timeout: 20_000 })
    .toBe('closed');
  const [readerIx] = await interactionOf(reader.session);
  expect(readerIx).toMatchObject({ outcome: 'self_served', topics: ['payment_methods'], opened: 1 });
  // As of when it happened (the harness's clock), not when PostgreSQL came back.
  expect(readerIx!.started_at.getTime()).toBe(openedAt);
  expect(readerIx!.closed_at?.getTime()).toBe(openedAt + 90_000);

  const texts = (chat: WebChatClient) => chat.messages.map((message) => message.text);
  await expect.poll(() => linesOf(readerIx!.id), { timeout: 20_000 }).toHaveLength(4);
  expect(await linesOf(readerIx!.id)).toEqual([
    { from: 'client', text: 'Как оплатить без комиссии?' },
    { from: 'bot', text: texts(reader)[0] },
    { from: 'client', text: 'Нет, спасибо' },
    { from: 'bot', text: texts(reader)[1] },
  ]);

  const [payerIx] = await interactionOf(payer.session);
  expect(payerIx).toMatchObject({ state: 'self_service', topics: ['balance'], opened: 1 });
  await expect.poll(() => linesOf(payerIx!.id), { timeout: 20_000 }).toHaveLength(6);
  expect((await linesOf(payerIx!.id)).map((line) => line.text)).toEqual([
    'Какой у меня долг за электричество?',
    texts(payer)[0],
    `лс ${IVANOV.account}`,
    texts(payer)[1],
    'Иванов',
    texts(payer)[2],
  ]);
  expect(h.bot.writer.written - before).toBe(10);
  // Written once: the stream is empty and a later turn adds only its own lines.
  await expect.poll(() => h.redis.redis.xlen(chatKeys(h.redis.prefix).transcript)).toBe(0);
  reader.close();
  payer.close();
}, 120_000);
