import { afterEach, describe, expect, it } from 'vitest';
import { REG_NUMBER_PATTERN } from '../../core/appeals/index.ts';
import { sendOperatorMessage } from '../dialog/operator-relay.ts';
import {
  AFTER_HOURS,
  CHAT_QUEUE,
  type ChatbotHarness,
  OPERATOR_ID,
  startHarness,
  waitFor,
} from './harness.ts';
import { WebChatClient } from './web-client.ts';

let h: ChatbotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function interactionOf(harness: ChatbotHarness, session: string) {
  const { rows } = await harness.db.pool.query(
    'select id, state, outcome, csat, abusive, appeal_id from interactions where external_id = $1 order by started_at',
    [session],
  );
  return rows;
}

describe('web chat: handoff, appeals, abuse', () => {
  it('in ЕКЦ hours queues the chat, relays the operator both ways and asks for a rating after the operator ends', async () => {
    h = await startHarness();
    const chat = await WebChatClient.connect(h.bot.url);
    const queued = await chat.ask('соедините с оператором');
    expect(queued.text).toContain('Передаю Ваш вопрос оператору.');
    expect(queued.text).toContain('в течение 15 минут'); // nobody logged in: no estimate, the R-ACD-5 promise
    const [ix] = await interactionOf(h, chat.session);
    expect(await h.acd.waiting(CHAT_QUEUE)).toEqual([ix.id]);
    // the handoff note for the desktop carries the conversation so far
    const notes = await h.redis.redis.xrange(`{${h.redis.prefix}:chat}:to-operator`, '-', '+');
    const handoff = Object.fromEntries(chunk(notes[0]![1]));
    expect(handoff).toMatchObject({
      type: 'handoff',
      ix: ix.id,
      channel: 'web_chat',
      queue: CHAT_QUEUE,
      reason: 'requested',
    });
    expect(JSON.parse(handoff.conversation!)[0]).toEqual({ from: 'client', text: 'соедините с оператором' });

    // the operator logs in ready: offered, accepts → the client is told
    await h.acd.login({ agentId: OPERATOR_ID, skills: [{ queue: CHAT_QUEUE }], state: 'ready' });
    expect(await h.acd.accept(ix.id, OPERATOR_ID)).toBe('accepted');
    expect((await chat.next()).text).toBe('Оператор подключился к диалогу.');

    await sendOperatorMessage(h.redis.redis, h.redis.prefix, {
      interactionId: ix.id,
      agentId: OPERATOR_ID,
      text: 'Добрый день! Меня зовут Анна, чем могу помочь?',
    });
    expect((await chat.next()).text).toBe('Добрый день! Меня зовут Анна, чем могу помочь?');
    // the client's messages now go to the operator, the bot stays quiet
    chat.send('Хочу уточнить начисления за октябрь');
    await waitFor(async () => {
      const all = await h!.redis.redis.xrange(`{${h!.redis.prefix}:chat}:to-operator`, '-', '+');
      return all.some(([, f]) => f.includes('Хочу уточнить начисления за октябрь')) || undefined;
    }, 'client message relayed to the operator');
    expect(await chat.silentFor(150)).toBe(true);

    await h.acd.finish(ix.id, OPERATOR_ID);
    const csat = await chat.next();
    expect(csat.text).toContain(
      'Оператор завершил диалог. Пожалуйста, оцените качество обслуживания от 1 до 5',
    );
    expect(csat.buttons?.[0]?.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
    expect((await chat.choose('csat:5')).text).toBe('Спасибо за оценку! Благодарим Вас за обращение!');
    // the next question starts a new interaction
    const again = await chat.ask('как оплатить без комиссии?');
    expect(again.text).toContain('без комиссии');
    expect(await interactionOf(h, chat.session)).toHaveLength(2);
    expect((await interactionOf(h, chat.session))[0]).toMatchObject({ csat: 5 });
    // the operator's line is in the transcript with the operator's id
    await waitFor(async () => {
      const { rows } = await h!.db.pool.query(
        `select agent_id from interaction_events where interaction_id = $1 and data->>'from' = 'operator'`,
        [ix.id],
      );
      return rows.length === 1 ? rows : undefined;
    }, 'operator line in the transcript').then((rows) => expect(String(rows[0].agent_id)).toBe(OPERATOR_ID));
    chat.close();
  });

  it('a question instead of a rating after the operator ended starts a new interaction, not greeted again', async () => {
    h = await startHarness();
    await h.acd.login({ agentId: OPERATOR_ID, skills: [{ queue: CHAT_QUEUE }], state: 'ready' });
    const chat = await WebChatClient.connect(h.bot.url);
    await chat.ask('оператор');
    const [ix] = await interactionOf(h, chat.session);
    await h.acd.accept(ix.id, OPERATOR_ID);
    await chat.next();
    await h.acd.finish(ix.id, OPERATOR_ID);
    expect((await chat.next()).text).toContain('оцените качество обслуживания');
    const answer = await chat.ask('Как оплатить без комиссии?');
    expect(answer.text).not.toContain('Здравствуйте! Вас приветствует');
    expect(answer.text).toContain('без комиссии');
    const rows = await interactionOf(h, chat.session);
    expect(rows).toHaveLength(2);
    expect(rows[0].csat).toBeNull();
    chat.close();
  });

  it('tells the expected wait from the queue: one busy operator, 3-minute handle time assumed without history', async () => {
    h = await startHarness();
    await h.acd.login({
      agentId: OPERATOR_ID,
      skills: [{ queue: CHAT_QUEUE }],
      chatCapacity: 1,
      state: 'ready',
    });
    const first = await WebChatClient.connect(h.bot.url);
    await first.ask('оператор');
    const [ix] = await interactionOf(h, first.session);
    expect(await h.acd.accept(ix.id, OPERATOR_ID)).toBe('accepted');
    const second = await WebChatClient.connect(h.bot.url);
    const reply = await second.ask('соедините с оператором пожалуйста');
    expect(reply.text).toContain('Ожидаемое время ответа — около 3 мин.');
    const [waiting] = await interactionOf(h, second.session);
    expect(await h.acd.waiting(CHAT_QUEUE)).toEqual([waiting.id]);
    first.close();
    second.close();
  });

  it('outside ЕКЦ hours tells the schedule, registers an appeal and sends its number (R-APL-2)', async () => {
    h = await startHarness({ start: AFTER_HOURS });
    const chat = await WebChatClient.connect(h.bot.url);
    const reply = await chat.ask('Хочу оформить рассрочку на долг');
    expect(reply.text).toContain(
      'Сейчас операторы ЕКЦ не работают. Часы работы операторов: пн–пт 08:00–20:00, сб 09:00–18:00',
    );
    expect(reply.text).toContain('ближайшее — 28 ноября с 09:00');
    const number = /регистрационный номер (\S+)\./.exec(reply.text)?.[1];
    expect(number).toMatch(REG_NUMBER_PATTERN);
    const { rows } = await h.db.pool.query(
      'select channel, topics, reply_channel, reply_address, description, deadline_at, interaction_id from appeals where reg_number = $1',
      [number],
    );
    expect(rows[0]).toMatchObject({
      channel: 'web_chat',
      topics: ['installment'],
      reply_channel: 'web_chat',
      reply_address: chat.session,
    });
    expect(rows[0].description).toContain('— Хочу оформить рассрочку на долг');
    // messenger appeals: answered within 1 working day (Friday evening → Monday)
    expect(reply.text).toContain('не позднее 30.11.2026');
    expect((await interactionOf(h, chat.session))[0].appeal_id).not.toBeNull();
    chat.close();
  });

  it('warns once about abuse, then stops serving; the appeal gets no action with the reason (R-BOT-5, R-APL-6)', async () => {
    h = await startHarness({ env: { CHATBOT_ABUSE_MUTE_MINUTES: '30' } });
    const chat = await WebChatClient.connect(h.bot.url);
    const warning = await chat.ask('вы идиоты');
    expect(warning.text).toContain('Пожалуйста, давайте общаться уважительно.');
    const muted = await chat.ask('вы все идиоты, верните деньги');
    expect(muted.text).toContain('обслуживание в этом чате приостановлено до 27.11.2026 10:30');
    chat.send('как оплатить?');
    expect(await chat.silentFor(300)).toBe(true);
    const { rows } = await h.db.pool.query(
      `select a.state, a.no_action_reason, a.abusive, i.abusive as ix_abusive
         from appeals a join interactions i on i.id = a.interaction_id where i.external_id = $1`,
      [chat.session],
    );
    expect(rows).toEqual([
      { state: 'no_action', no_action_reason: 'abusive', abusive: true, ix_abusive: true },
    ]);
    // 30 minutes later the bot serves the chat again, as a new conversation
    h.clock.advance(30 * 60_000);
    const again = await chat.ask('как оплатить без комиссии?');
    expect(again.text).toContain('Здравствуйте!');
    expect(again.text).toContain('без комиссии');
    chat.close();
  });

  it('handles a message id once: a resent frame gets no second answer', async () => {
    h = await startHarness();
    const chat = await WebChatClient.connect(h.bot.url);
    chat.send('как оплатить без комиссии?', 'm-1');
    await chat.next();
    chat.send('как оплатить без комиссии?', 'm-1');
    await waitFor(() => chat.frames.filter((f) => f.type === 'ack').length === 2 || undefined, 'second ack');
    expect(chat.frames.filter((f) => f.type === 'ack')).toEqual([
      { type: 'ack', id: 'm-1', duplicate: false },
      { type: 'ack', id: 'm-1', duplicate: true },
    ]);
    expect(await chat.silentFor(200)).toBe(true);
    // bad frames get a clear error and change nothing
    chat.raw('{not json');
    chat.raw(JSON.stringify({ type: 'message', id: 'm-2', text: 'x'.repeat(5000) }));
    await waitFor(
      () => chat.frames.filter((f) => f.type === 'error').length === 2 || undefined,
      'two errors',
    );
    expect(
      chat.frames.filter((f) => f.type === 'error').map((f) => (f as { message: string }).message),
    ).toEqual(['Сообщение не распознано (ожидается JSON).', 'the message is longer than 4096 characters']);
    // a reconnecting widget gets what it missed
    const again = await WebChatClient.connect(h.bot.url, chat.session);
    again.raw(JSON.stringify({ type: 'resume', after: 0 }));
    expect((await again.next()).seq).toBe(1);
    chat.close();
    again.close();
  });
});

function chunk(fields: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < fields.length; i += 2) pairs.push([fields[i]!, fields[i + 1]!]);
  return pairs;
}
