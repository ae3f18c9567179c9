import { describe, expect, it } from 'vitest';
import {
  dateToWords,
  digitsToWords,
  moneyToWords,
  numberToWords,
  parseRubles,
  readingToWords,
} from '../speak/index.ts';

describe('money to words', () => {
  it.each([
    ['1', 'один рубль'],
    ['2', 'два рубля'],
    ['5', 'пять рублей'],
    ['11', 'одиннадцать рублей'],
    ['21', 'двадцать один рубль'],
    ['101', 'сто один рубль'],
    ['1000', 'одна тысяча рублей'],
    ['1 000 000', 'один миллион рублей'],
    ['2 341,50 ₽', 'две тысячи триста сорок один рубль пятьдесят копеек'],
    ['112 014,00 руб.', 'сто двенадцать тысяч четырнадцать рублей'],
    ['1 002 000', 'один миллион две тысячи рублей'],
  ])('%s → %s', (amount, words) => {
    expect(moneyToWords(amount)).toBe(words);
  });

  it.each([
    [0, 'ноль рублей ноль копеек'],
    [1, 'ноль рублей одна копейка'],
    [2, 'ноль рублей две копейки'],
    [5, 'ноль рублей пять копеек'],
    [10_021, 'сто рублей двадцать одна копейка'],
    [10_012, 'сто рублей двенадцать копеек'],
  ])('%i kopecks (said even when zero)', (kopecks, words) => {
    expect(moneyToWords(kopecks, { kopecks: 'always' })).toBe(words);
  });

  it('omits zero kopecks by default', () => {
    expect(moneyToWords(50_000)).toBe('пятьсот рублей');
    expect(moneyToWords('500,00')).toBe('пятьсот рублей');
  });

  it('agrees in the genitive ("свыше …") and accusative ("на сумму …") cases', () => {
    expect(moneyToWords('2 341,50', { numeralCase: 'gen' })).toBe(
      'двух тысяч трёхсот сорока одного рубля пятидесяти копеек',
    );
    expect(moneyToWords('1 001,01', { numeralCase: 'acc' })).toBe('одну тысячу один рубль одну копейку');
    expect(moneyToWords('11', { numeralCase: 'gen' })).toBe('одиннадцати рублей');
  });

  it('rejects what is not an amount instead of reading something wrong', () => {
    expect(() => moneyToWords('две тысячи')).toThrow(/not a ruble amount/);
    expect(() => moneyToWords(-5)).toThrow(RangeError);
    expect(() => parseRubles('12,345')).toThrow(RangeError);
  });
});

describe('numbers, readings and dates in words', () => {
  it('numbers with gender across scales', () => {
    expect(numberToWords(0)).toBe('ноль');
    expect(numberToWords(1_001_001, 'fem')).toBe('один миллион одна тысяча одна');
    expect(numberToWords(2, 'neut')).toBe('два');
    expect(numberToWords(999_999_999_999)).toMatch(/^девятьсот девяносто девять миллиардов/);
    expect(() => numberToWords(1.5)).toThrow(RangeError);
  });

  it('readings in kilowatt-hours', () => {
    expect(readingToWords(12_345)).toBe('двенадцать тысяч триста сорок пять киловатт-часов');
    expect(readingToWords(1)).toBe('один киловатт-час');
    expect(readingToWords(22)).toBe('двадцать два киловатт-часа');
    expect(digitsToWords('0720')).toBe('ноль семь два ноль');
  });

  it('dates as ordinals with the month in the genitive', () => {
    expect(dateToWords(27, 11)).toBe('двадцать седьмое ноября');
    expect(dateToWords(3, 1)).toBe('третье января');
    expect(dateToWords(25, 12, 'gen')).toBe('двадцать пятого декабря');
    expect(dateToWords(30, 4)).toBe('тридцатое апреля');
    expect(() => dateToWords(32, 1)).toThrow(RangeError);
    expect(() => dateToWords(1, 13)).toThrow(RangeError);
  });
});
