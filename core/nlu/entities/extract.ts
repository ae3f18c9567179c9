import { type AddressEntity, extractAddress } from './address.ts';
import { type DateEntity, extractDates } from './dates.ts';
import {
  DEFAULT_ACCOUNT_PATTERN,
  extractAccounts,
  extractContracts,
  extractInn,
  extractPhones,
} from './identifiers.ts';
import { extractMoney, type MoneyEntity } from './money.ts';
import { extractReadings, type ReadingEntity } from './readings.ts';
import { spokenToDigits } from './spoken-numbers.ts';

export interface Entities {
  accountNumbers?: string[];
  readings?: ReadingEntity[];
  money?: MoneyEntity[];
  dates?: DateEntity[];
  phones?: string[];
  address?: AddressEntity;
  contractNumbers?: string[];
  inn?: string[];
}

export interface EntityOptions {
  /** Anchored pattern of a valid account number (default: ten digits). */
  accountPattern?: RegExp;
}

/** Lowercase, ё→е, "л/с"→"лс", spoken numbers → digits; punctuation is kept for dates and amounts. */
export function prepareForEntities(text: string): string {
  const lowered = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/(^|[^а-я])л\s?[/.]\s?с\.?(?![а-я])/g, '$1лс')
    .replace(/квт[·*.]?\s?ч/g, 'квтч');
  return spokenToDigits(lowered);
}

// A superset of the number words: a text without digits and without these has no numbers at all.
const MAYBE_NUMBERS =
  /\d|ноль|нуль|один|одн[аоу]|два|две|тр[иеё]|четыр|пят|шест|сем|восем|девят|десят|сорок|сто|двест|тысяч|миллион|перв|втор/i;

export function extractEntities(text: string, options: EntityOptions = {}): Entities {
  const entities: Entities = {};
  if (!MAYBE_NUMBERS.test(text)) {
    // Only an address (a town, a street without a house number) can be present.
    const address = extractAddress(text.toLowerCase().replace(/ё/g, 'е'));
    if (address) entities.address = address;
    return entities;
  }
  const prepared = prepareForEntities(text);
  const phones = extractPhones(prepared);
  const money = extractMoney(prepared);
  const dates = extractDates(prepared);
  const contracts = extractContracts(prepared);
  const inn = extractInn(prepared);
  const accounts = extractAccounts(prepared, options.accountPattern ?? DEFAULT_ACCOUNT_PATTERN, [
    ...phones.raw.map((p) => p.replace(/\D/g, '')),
    ...inn,
  ]);
  const taken = new Set<string>([
    ...accounts,
    ...money.raw,
    ...dates.raw,
    ...inn,
    ...contracts.flatMap((c) => c.split(/[-/]/)),
  ]);
  const readings = extractReadings(prepared, taken);
  if (accounts.length) entities.accountNumbers = accounts;
  if (readings.length) entities.readings = readings;
  if (money.amounts.length) entities.money = money.amounts;
  if (dates.dates.length) entities.dates = dates.dates;
  if (phones.phones.length) entities.phones = phones.phones;
  const address = extractAddress(prepared);
  if (address) entities.address = address;
  if (contracts.length) entities.contractNumbers = contracts;
  if (inn.length) entities.inn = inn;
  return entities;
}
