import { describe, expect, it } from 'vitest';
import { formatRubles, renderBalance, renderOutages, renderReadingResults } from '../render.ts';

const NBSP = '\u00a0';

describe('balance read-out', () => {
  const facts = {
    dueKopecks: 234150,
    overdueKopecks: 100000,
    advanceKopecks: 0,
    nextDueDate: '2026-12-10',
    lastPayment: { amountKopecks: 150000, paidAt: new Date('2026-11-05T04:00:00Z') },
  };

  it('text: figures with kopecks and ₽', () => {
    expect(formatRubles(234150)).toBe(`2${NBSP}341,50${NBSP}₽`);
    expect(formatRubles(5)).toBe(`0,05${NBSP}₽`);
    expect(renderBalance(facts, 'text')).toBe(
      `Задолженность по Вашему лицевому счёту составляет 2${NBSP}341,50${NBSP}₽, из них просрочено 1${NBSP}000,00${NBSP}₽. ` +
        `Очередной срок оплаты — до 10.12.2026. Последний платёж: 1${NBSP}500,00${NBSP}₽ от 05.11.2026.`,
    );
  });

  it('voice: amounts and dates in words (agreement and case)', () => {
    expect(renderBalance(facts, 'voice')).toBe(
      'Задолженность по Вашему лицевому счёту составляет две тысячи триста сорок один рубль пятьдесят копеек, ' +
        'из них просрочено одна тысяча рублей. Очередной срок оплаты — до десятого декабря. ' +
        'Последний платёж: одна тысяча пятьсот рублей от пятого ноября.',
    );
  });

  it('no debt, and an advance', () => {
    expect(renderBalance({ dueKopecks: 0, overdueKopecks: 0, advanceKopecks: 0 }, 'text')).toBe(
      'Задолженности по Вашему лицевому счёту нет.',
    );
    expect(renderBalance({ dueKopecks: 0, overdueKopecks: 0, advanceKopecks: 2100 }, 'voice')).toBe(
      'Задолженности нет. Переплата по Вашему лицевому счёту составляет двадцать один рубль.',
    );
  });
});

describe('reading results', () => {
  it('names zones when there are several and passes billing explanations on', () => {
    const text = renderReadingResults(
      {
        allAccepted: false,
        meterSerial: 'SM-100',
        results: [
          { zone: 'day', value: '12400.00', accepted: true },
          {
            zone: 'night',
            value: '5050.00',
            accepted: false,
            explanationRu: 'Показание меньше предыдущего.',
          },
        ],
      },
      'text',
    );
    expect(text).toBe(
      'Показание (день) 12400.00 принято. Показание (ночь) не принято. Показание меньше предыдущего.',
    );
  });

  it('thanks when everything is accepted', () => {
    expect(
      renderReadingResults(
        {
          allAccepted: true,
          meterSerial: 'X',
          results: [{ zone: 'single', value: '100.00', accepted: true }],
        },
        'text',
      ),
    ).toBe('Показание 100.00 принято. Спасибо, показания переданы.');
  });
});

describe('outages', () => {
  it('current and planned, with the grid company to call', () => {
    const text = renderOutages(
      [
        {
          kind: 'planned',
          current: false,
          startsAt: new Date('2026-11-30T02:00:00Z'),
          endsAt: new Date('2026-11-30T06:00:00Z'),
          reason: 'Ремонт линии',
          gridCompany: 'Россети Сибирь — Хакасэнерго',
          gridPhone: '+73902000000',
        },
      ],
      'text',
    );
    expect(text).toBe(
      'По Вашему адресу 30.11.2026 с 09:00 запланировано отключение электроэнергии, ориентировочно до 13:00. ' +
        'Причина: Ремонт линии. Работы ведёт Россети Сибирь — Хакасэнерго, телефон +73902000000.',
    );
    expect(renderOutages([], 'voice')).toMatch(/не зарегистрировано/);
  });
});
