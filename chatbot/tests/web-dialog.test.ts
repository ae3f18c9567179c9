import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { type ChatbotHarness, startHarness, waitFor } from './harness.ts';
import { WebChatClient } from './web-client.ts';

let h: ChatbotHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('web chat: self-service through the dialog engine', () => {
  it('greets on first contact, identifies the client and tells the balance, then asks for other questions', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    const first = await chat.ask('Какой у меня долг за электричество?');
    expect(first.text).toContain('Здравствуйте! Вас приветствует единый контактный центр');
    expect(first.text).toContain('номер Вашего лицевого счёта');
    expect((await chat.ask(`лс ${IVANOV.account}`)).text).toContain('фамилию владельца');
    const balance = await chat.ask('Иванов');
    expect(balance.text).toContain('Спасибо, лицевой счёт подтверждён. Иванов И. И., ул. Ленина, д. 12.');
    expect(balance.text).toMatch(
      /Задолженность по Вашему лицевому счёту составляет \d[\d\u00a0]*,\d\d\u00a0₽/,
    );
    expect(balance.text).toContain('Есть ли у Вас другие вопросы?');
    expect(balance.buttons?.flat().map((b) => b.label)).toEqual([
      'Да',
      'Нет, спасибо',
      'Связаться с оператором',
    ]);
    // the greeting came once
    expect(balance.text).not.toContain('Здравствуйте');

    const bye = await chat.choose('no');
    expect(bye.text).toBe('Благодарим Вас за обращение! Всего доброго, до свидания!');
    // the interaction is closed as self-served, the transcript reached PostgreSQL
    const { rows } = await h.db.pool.query(
      `select i.id, i.state, i.outcome, i.channel, i.topics, a.number as account
         from interactions i left join accounts a on a.id = i.account_id and a.client_id = i.client_id
        where i.external_id = $1`,
      [chat.session],
    );
    // The identified account is on the interaction (the operator's offer and card show it).
    expect(rows).toMatchObject([
      {
        state: 'closed',
        outcome: 'self_served',
        channel: 'web_chat',
        topics: ['balance'],
        account: IVANOV.account,
      },
    ]);
    const lines = await waitFor(async () => {
      const r = await h.db.pool.query(
        `select data->>'from' as "from", data->>'text' as text from interaction_events
          where interaction_id = $1 and kind = 'chat.message' order by id`,
        [rows[0].id],
      );
      return r.rows.length >= 8 ? r.rows : undefined;
    }, 'transcript lines');
    expect(lines[0]).toEqual({ from: 'client', text: 'Какой у меня долг за электричество?' });
    expect(lines.filter((l: { from: string }) => l.from === 'bot')).toHaveLength(4);
    // A pressed button reads as the client saw it, not as its data ('no').
    expect(lines).toContainEqual({ from: 'client', text: '«Нет, спасибо»' });
    chat.close();
  });

  it('a bare greeting asks for the question: no operator, no appeal', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    const first = await chat.ask('Здравствуйте');
    expect(first.text).toContain('Здравствуйте! Вас приветствует единый контактный центр');
    expect(first.text).toContain('напишите Ваш вопрос');
    expect((await chat.ask('Добрый день!')).text).toBe(
      'Пожалуйста, напишите Ваш вопрос — например, «какой у меня долг» или «передать показания».',
    );
    expect((await chat.ask('сколько я должен')).text).toContain('номер Вашего лицевого счёта');
    const { rows } = await h.db.pool.query(
      `select i.state, i.queue, (select count(*)::int from appeals a where a.interaction_id = i.id) as appeals
         from interactions i where i.external_id = $1`,
      [chat.session],
    );
    expect(rows).toEqual([{ state: 'self_service', queue: null, appeals: 0 }]);
    chat.close();
  });

  it('takes meter readings typed as text and says what billing accepted', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    await chat.ask('хочу передать показания');
    await chat.ask(IVANOV.account);
    const ask = await chat.ask('кв 5');
    expect(ask.text).toContain('по зонам: день, ночь');
    const result = await chat.ask('день 12400 ночь 5150');
    expect(result.text).toContain('Показание (день) 12400');
    expect(result.text).toContain('Спасибо, показания переданы.');
    const { rows } = await h.db.pool.query(
      `select zone, value::text, channel from meter_readings where meter_id = 1 and received_at > '2026-11-01' order by zone`,
    );
    expect(rows).toEqual([
      { zone: 'day', value: '12400.00', channel: 'web_chat' },
      { zone: 'night', value: '5150.00', channel: 'web_chat' },
    ]);
    chat.close();
  });

  it('answers the first of several topics, then offers the rest (one window)', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    const first = await chat.ask('Как оплатить без комиссии? И какие часы работы офиса?');
    expect(first.text).toContain('без комиссии');
    expect(first.text).toContain('Вы также спрашивали: «Офисы и режим работы». Ответить на этот вопрос?');
    const second = await chat.choose('yes');
    expect(second.text).toMatch(/офис/i);
    expect(second.text).toContain('Есть ли у Вас другие вопросы?');
    chat.close();
  });

  it('after an hour of silence the next message is a new contact: the old interaction closed, greeted again', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    await chat.ask('какие тарифы?');
    h.clock.advance(60 * 60_000 - 1);
    expect((await chat.ask('а как передать показания?')).text).not.toContain(
      'Здравствуйте! Вас приветствует',
    );
    h.clock.advance(60 * 60_000);
    expect((await chat.ask('где ближайший офис?')).text).toContain('Здравствуйте! Вас приветствует');
    const { rows } = await h.db.pool.query(
      'select state, outcome, topics from interactions where external_id = $1 order by started_at',
      [chat.session],
    );
    expect(rows).toEqual([
      { state: 'closed', outcome: 'self_served', topics: ['tariffs', 'meter_reading'] },
      { state: 'self_service', outcome: null, topics: [] },
    ]);
    h.clock.set('2026-11-27T03:00:00Z');
    chat.close();
  });

  it('clarifies an unclear question with topic buttons', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    const reply = await chat.ask('у меня вопрос');
    expect(reply.text).toContain('выберите тему');
    expect(reply.buttons?.flat().map((b) => b.data)).toEqual(['t:balance', 't:outage', 'op']);
    expect(reply.buttons?.at(-1)?.[0]).toEqual({ label: 'Связаться с оператором', data: 'op' });
    chat.close();
  });
});
