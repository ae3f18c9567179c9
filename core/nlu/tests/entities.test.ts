import { describe, expect, it } from 'vitest';
import { extractEntities } from '../entities/extract.ts';
import { spokenToDigits } from '../entities/spoken-numbers.ts';

describe('spoken numbers', () => {
  it.each([
    ['двенадцать тысяч триста сорок пять', '12345'],
    ['ноль семь два', '072'],
    ['один девять ноль ноль три четыре семь восемь один', '190034781'],
    ['сто девяносто ноль ноль три', '190003'],
    ['тысячу двести рублей', '1200 рублей'],
    ['двадцать пятого числа', '25 числа'],
    ['день четыре пять один два ночь один девять восемь ноль', 'день 4512 ночь 1980'],
    ['миллион двести тысяч', '1200000'],
  ])('%s → %s', (spoken, digits) => {
    expect(spokenToDigits(spoken)).toBe(digits);
  });
});

describe('account numbers', () => {
  it('finds a ten-digit number (the default format) anywhere', () => {
    expect(extractEntities('вопрос по 1901000123 и всё').accountNumbers).toEqual(['1901000123']);
  });

  it('takes the number named as the account even when shorter, typed or dictated', () => {
    expect(extractEntities('сколько к оплате за март лс 72004519').accountNumbers).toEqual(['72004519']);
    expect(extractEntities('Сколько начислено по л/с 190334562?').accountNumbers).toEqual(['190334562']);
    expect(
      extractEntities('лицевой счет продиктую семь два ноль ноль один девять три четыре').accountNumbers,
    ).toEqual(['72001934']);
  });

  it('accepts a configured format and ignores other numbers', () => {
    const pattern = /^\d{3}-\d{4}$|^\d{7}$/;
    expect(extractEntities('номер 1234567 пожалуйста', { accountPattern: pattern }).accountNumbers).toEqual([
      '1234567',
    ]);
    expect(extractEntities('номер 1234567 пожалуйста').accountNumbers).toBeUndefined();
    expect(extractEntities('звоните 8 913 123-45-67').accountNumbers).toBeUndefined();
  });
});

describe('meter readings with zones', () => {
  it('day and night, typed and spoken', () => {
    expect(extractEntities('Показания на 24.03: день 12540, ночь 6731. ЛС 1902241800').readings).toEqual([
      { zone: 'day', value: 12540 },
      { zone: 'night', value: 6731 },
    ]);
    expect(
      extractEntities('показания день четыре пять один два ночь один девять восемь ноль').readings,
    ).toEqual([
      { zone: 'day', value: 4512 },
      { zone: 'night', value: 1980 },
    ]);
  });

  it('т1/т2 are day/night on a two-zone meter, peak/night/half-peak with т3', () => {
    expect(extractEntities('т1 5432 т2 1234').readings).toEqual([
      { zone: 'day', value: 5432 },
      { zone: 'night', value: 1234 },
    ]);
    expect(extractEntities('Т1 - 5432, Т2 - 1234, Т3 - 999').readings).toEqual([
      { zone: 'peak', value: 5432 },
      { zone: 'night', value: 1234 },
      { zone: 'half_peak', value: 999 },
    ]);
    expect(extractEntities('пик 100 полупик 200 ночь 300').readings).toEqual([
      { zone: 'peak', value: 100 },
      { zone: 'half_peak', value: 200 },
      { zone: 'night', value: 300 },
    ]);
  });

  it('a single reading when readings are mentioned, not the account, date or a small number', () => {
    expect(extractEntities('лс 72001934, показания 08819.').readings).toEqual([
      { zone: 'single', value: 8819 },
    ]);
    expect(extractEntities('показания двенадцать тысяч триста сорок пять').readings).toEqual([
      { zone: 'single', value: 12345 },
    ]);
    expect(extractEntities('когда принимают показания? с 15 по 25?').readings).toBeUndefined();
    expect(extractEntities('передаю 12345').readings).toBeUndefined();
  });
});

describe('money, dates, phones, addresses', () => {
  it('money with a currency or thousands marker, or after a payment word', () => {
    expect(extractEntities('оплатила 2 450 р. и ещё 148 300,50 руб.').money).toEqual([
      { kopecks: 245_000 },
      { kopecks: 14_830_050 },
    ]);
    expect(extractEntities('не могу 20к сразу, долг 14 тысяч').money).toEqual([
      { kopecks: 2_000_000 },
      { kopecks: 1_400_000 },
    ]);
    expect(extractEntities('я платила в пятницу тысячу двести').money).toEqual([{ kopecks: 120_000 }]);
    expect(extractEntities('у меня три счетчика').money).toBeUndefined();
  });

  it('dates in numbers, with month names and spoken ordinals', () => {
    expect(extractEntities('по состоянию на 01.04.2025').dates).toEqual([{ day: 1, month: 4, year: 2025 }]);
    expect(extractEntities('платила 3 марта').dates).toEqual([{ day: 3, month: 3 }]);
    expect(extractEntities('до двадцать седьмого ноября').dates).toEqual([{ day: 27, month: 11 }]);
    expect(extractEntities('оплатил двадцать пятого числа').dates).toEqual([{ day: 25 }]);
    expect(extractEntities('передала 20-го').dates).toEqual([{ day: 20 }]);
    expect(extractEntities('31.02 не бывает').dates).toBeUndefined();
  });

  it('phone numbers in any spelling, spoken too', () => {
    expect(extractEntities('мой телефон 8 913 123-45-67').phones).toEqual(['+79131234567']);
    expect(extractEntities('позвоните +7 (983) 555 12 34').phones).toEqual(['+79835551234']);
    expect(
      extractEntities('восемь девятьсот тринадцать сто двадцать три сорок пять шестьдесят семь').phones,
    ).toEqual(['+79131234567']);
  });

  it('addresses, written and spoken', () => {
    expect(extractEntities('долг по адресу г. Абакан, ул. Щетинкина, д. 12, кв. 45?').address).toEqual({
      city: 'Абакан',
      street: 'щетинкина',
      house: '12',
      flat: '45',
    });
    expect(extractEntities('это из черногорска улица юбилейная дом шесть квартира двадцать').address).toEqual(
      {
        city: 'Черногорск',
        street: 'юбилейная',
        house: '6',
        flat: '20',
      },
    );
    expect(extractEntities('Передала показания вовремя').address).toBeUndefined();
  });

  it('contract numbers and INN from business letters', () => {
    const entities = extractEntities('ООО «Сибирь», ИНН 1901087654, по договору № 12-0456');
    expect(entities.contractNumbers).toEqual(['12-0456']);
    expect(entities.inn).toEqual(['1901087654']);
    expect(entities.accountNumbers).toBeUndefined();
  });
});
