import { describe, expect, it } from 'vitest';
import {
  spokenChoice,
  spokenDigits,
  spokenReading,
  spokenYesNo,
  spokenYesNoKey,
} from '../flows/spoken-answers.ts';

describe('spoken numbers → the keys the question takes', () => {
  it.each([
    ['один девять ноль один ноль ноль ноль ноль ноль один', '1901000001'],
    ['девятнадцать ноль один, ноль ноль ноль, ноль ноль один', '1901000001'],
    ['Мой лицевой счёт: 1901 000 001.', '1901000001'],
    ['сто двадцать три', '123'],
    ['квартира двенадцать', '12'],
    ['дом пять', '5'],
    ['ну э двадцать семь', '27'],
  ])('%s → %s', (said, digits) => {
    expect(spokenDigits(said)).toBe(digits);
  });

  it.each(['не знаю', 'а какой у вас номер телефона', 'соедините с оператором', 'квартира', ''])(
    '"%s" is no number',
    (said) => {
      expect(spokenDigits(said)).toBeUndefined();
    },
  );

  it.each([
    ['двенадцать тысяч триста сорок пять', '12345'],
    ['двенадцать тысяч триста сорок пять запятая пять', '12345*5'],
    ['двенадцать тысяч триста сорок пять целых пять десятых', '12345*5'],
    ['показания 12345,5 киловатт-часов', '12345*5'],
    ['семь восемь девять ноль', '7890'],
  ])('reading "%s" → %s', (said, keys) => {
    expect(spokenReading(said)).toBe(keys);
  });

  it('a reading with two decimal marks or words around is no reading', () => {
    expect(spokenReading('сто точка пять точка два')).toBeUndefined();
    expect(spokenReading('я не помню показания')).toBeUndefined();
  });

  it.each([
    ['первый', '1'],
    ['второй', '2'],
    ['номер два', '2'],
    ['3', '3'],
  ])('choice "%s" → %s', (said, key) => {
    expect(spokenChoice(said)).toBe(key);
  });
  it('a long number is no choice', () => {
    expect(spokenChoice('двенадцать')).toBeUndefined();
  });
});

describe('yes / no', () => {
  it.each(['да', 'Да.', 'верно', 'всё верно', 'да, правильно', 'конечно', 'ага', 'да есть ещё вопрос'])(
    '"%s" is yes',
    (said) => {
      expect(spokenYesNo(said)).toBe('yes');
      expect(spokenYesNoKey(said)).toBe('1');
    },
  );
  it.each(['нет', 'Нет, спасибо.', 'неверно', 'не верно', 'нет, не правильно', 'не надо', 'другой номер'])(
    '"%s" is no',
    (said) => {
      expect(spokenYesNo(said)).toBe('no');
      expect(spokenYesNoKey(said)).toBe('2');
    },
  );
  it.each(['соедините с оператором', 'какой тариф', 'данные', 'нетто'])('"%s" is neither', (said) => {
    expect(spokenYesNo(said)).toBeUndefined();
  });
});
