export { dateToWords, dayOrdinal } from './dates.ts';
export { type MoneyWordsOptions, moneyToWords, parseRubles } from './money.ts';
export {
  countWithNoun,
  type Gender,
  type NounForms,
  type NumeralCase,
  numberToWords,
  plural,
} from './numerals.ts';
export { digitsToWords, readingToWords } from './readings.ts';
