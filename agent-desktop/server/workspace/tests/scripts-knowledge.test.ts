import { describe, expect, it } from 'vitest';
import { searchKnowledge } from '../services/knowledge-search.ts';
import { firstName, greetingWord, scriptPhrases } from '../services/scripts.ts';

const TZ = 'Asia/Krasnoyarsk'; // UTC+7
const local = (time: string) => Date.parse(`2026-11-25T${time}+07:00`);

describe('greeting by the ЕКЦ local time', () => {
  it.each([
    ['00:00:00.000', 'Здравствуйте!'],
    ['11:59:59.999', 'Здравствуйте!'],
    ['12:00:00.000', 'Добрый день!'],
    ['17:59:59.999', 'Добрый день!'],
    ['18:00:00.000', 'Добрый вечер!'],
    ['23:59:59.999', 'Добрый вечер!'],
  ])('%s → %s', (time, word) => {
    expect(greetingWord(local(time), TZ)).toBe(word);
  });

  it('introduces the operator by first name and closes with the standard’s words', () => {
    expect(firstName('Иванова Мария Петровна')).toBe('Мария');
    expect(firstName('Мария')).toBe('Мария');
    const voice = scriptPhrases({
      nowMs: local('12:30:00.000'),
      timeZone: TZ,
      operatorFullName: 'Иванова Мария Петровна',
      media: 'voice',
    });
    const byId = Object.fromEntries(voice.map((p) => [p.id, p.text]));
    expect(byId.greeting).toBe('Добрый день! Меня зовут Мария. Как могу к Вам обращаться?');
    expect(byId.closing).toBe(
      'Благодарю Вас за звонок! Рады, что Вы к нам обратились. До свидания. Всего доброго. Хорошего дня.',
    );
    const chat = scriptPhrases({ nowMs: 0, timeZone: TZ, operatorFullName: 'Мария', media: 'chat' });
    expect(chat.find((p) => p.id === 'closing')!.text).toMatch(/^Благодарю Вас за обращение!/);
  });
});

describe('knowledge search', () => {
  const items = [
    {
      topic: 'payment_methods' as const,
      title: 'Способы оплаты',
      body: 'Оплатить можно картой, в банке или в личном кабинете.',
    },
    {
      topic: 'outage' as const,
      title: 'Отключения',
      body: 'Плановые отключения электроэнергии публикуются на сайте.',
    },
    { topic: 'bill' as const, title: 'Квитанция', body: 'В квитанции указана сумма к оплате и показания.' },
  ];

  it('matches word forms, ranks the topic name above the text, needs every word', () => {
    expect(searchKnowledge(items, 'оплатой').map((i) => i.topic)).toEqual(['payment_methods', 'bill']);
    expect(searchKnowledge(items, 'оплата квитанция').map((i) => i.topic)).toEqual(['bill']);
    expect(searchKnowledge(items, 'ОТКЛЮЧЕНИЕ электроэнергии').map((i) => i.topic)).toEqual(['outage']);
    expect(searchKnowledge(items, 'ипотека')).toEqual([]);
  });

  it('lists everything (by title) for an empty query, and filters by topic', () => {
    expect(searchKnowledge(items, '  ').map((i) => i.title)).toEqual([
      'Квитанция',
      'Отключения',
      'Способы оплаты',
    ]);
    expect(searchKnowledge(items, '', 'outage').map((i) => i.topic)).toEqual(['outage']);
    expect(searchKnowledge(items, 'оплата', 'outage')).toEqual([]);
  });
});
