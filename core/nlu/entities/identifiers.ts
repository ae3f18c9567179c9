import { ACCOUNT_NUMBER_PATTERN } from '../../accounts/account-number.ts';

/**
 * Identifiers: account numbers (configurable format), phone numbers, contract numbers, INN.
 * The account format is core/accounts' (ten digits by default); a caller may pass its own. A
 * number right after "лс"/"лицевой счёт" is taken as the account even if shorter — the client
 * says what it is, and billing validates it.
 */
export const DEFAULT_ACCOUNT_PATTERN = ACCOUNT_NUMBER_PATTERN;

const ACCOUNT_CUE =
  /(?:лс|лицев[а-я]*\s+сч[её]т[а-я]*|сч[её]т[а-я]*|абонентск[а-я]*\s+номер[а-я]*|номер[а-я]*\s+сч[её]т[а-я]*|ls)(?:\s+[а-я]+){0,2}\s*(?:№|n)?\s*[:-]?\s*(\d{6,12})(?!\d)/g;

export function extractPhones(prepared: string): { phones: string[]; raw: string[] } {
  const phones: string[] = [];
  const raw: string[] = [];
  for (const m of prepared.matchAll(
    /(?<![\d])(?:\+7|8|7)[\s(-]*(\d{3})[\s)-]*(\d{3})[\s-]*(\d{2})[\s-]*(\d{2})(?!\d)/g,
  )) {
    const phone = `+7${m[1]}${m[2]}${m[3]}${m[4]}`;
    if (!phones.includes(phone)) phones.push(phone);
    raw.push(m[0]);
  }
  return { phones, raw };
}

export function extractAccounts(prepared: string, pattern: RegExp, exclude: readonly string[]): string[] {
  const accounts: string[] = [];
  for (const m of prepared.matchAll(ACCOUNT_CUE)) {
    if (!accounts.includes(m[1]!)) accounts.push(m[1]!);
  }
  for (const m of prepared.matchAll(/(?<![\d.,])\d{5,14}(?![\d]|[.,]\d)/g)) {
    const digits = m[0];
    if (accounts.includes(digits) || exclude.some((e) => e.includes(digits))) continue;
    if (pattern.test(digits)) accounts.push(digits);
  }
  return accounts;
}

export function extractContracts(prepared: string): string[] {
  return [...prepared.matchAll(/договор[а-я]*\s*(?:№|n|номер)?\s*(\d{1,4}[-/]\d{2,6})/g)].map((m) => m[1]!);
}

export function extractInn(prepared: string): string[] {
  return [...prepared.matchAll(/инн\s*:?\s*(\d{12}|\d{10})(?!\d)/g)].map((m) => m[1]!);
}
