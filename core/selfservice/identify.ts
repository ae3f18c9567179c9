import type { Account } from '../../proto/gen/hotline/billing/v1/billing.ts';

/**
 * The second identification factor (R-IVR-5, standard 4.3): the owner's surname, or the apartment
 * or house number of the account's address. Compared loosely the way people say and type them:
 * case, ё/е, spaces, "кв."/"дом" prefixes and a letter suffix written apart ("12 а") do not matter.
 */
export function secondFactorMatches(account: Account, given: string): boolean {
  const answer = normalize(given);
  if (answer.length === 0) return false;
  const surname = normalize(account.ownerFullName.split(/\s+/)[0] ?? '');
  const apartment = normalize(account.address?.apartment ?? '');
  const house = normalize(account.address?.house ?? '');
  if (/^\d/.test(answer)) return answer === apartment || answer === house;
  return surname.length > 1 && answer === surname;
}

function normalize(value: string): string {
  return value
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/^(кв(артира)?|дом|д)\.?\s*/u, '')
    .replace(/[\s.,\-№"«»]/gu, '');
}

/** "Иванов Иван Иванович" → "Иванов И. И." — enough to confirm to the client without reading out all. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  return [surname, ...rest.map((part) => `${part[0]}.`)].join(' ');
}

/** "г. Абакан, ул. Ленина, д. 12, кв. 5" → "ул. Ленина, д. 12" — no apartment, the second factor. */
export function shortAddress(account: Account): string {
  const address = account.address;
  if (!address) return '';
  return (
    [address.street, address.house ? `д. ${address.house}` : ''].filter(Boolean).join(', ') ||
    address.settlement
  );
}
