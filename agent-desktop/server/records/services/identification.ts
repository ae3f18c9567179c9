import { normalizeAccountNumber } from '../../../../core/accounts/account-number.ts';
import type { UserRole } from '../../../../core/vocabulary/states.ts';

/**
 * The identification checklist (standard, remote service: "назвать номер лицевого счета и/или
 * адрес, ФИО собственника/нанимателя"). The operator cannot judge an answer against data the
 * card still hides, so each check carries what the client SAID and the server compares it with
 * the account: a tick is only recorded when it matches.
 */
export const IDENTIFICATION_CHECKS = ['account_or_address', 'owner_name'] as const;
export type IdentificationCheck = (typeof IDENTIFICATION_CHECKS)[number];

export const CHECK_LABEL_RU: Readonly<Record<IdentificationCheck, string>> = {
  account_or_address: 'Клиент назвал номер лицевого счёта или адрес',
  owner_name: 'Клиент назвал ФИО собственника (нанимателя)',
};

export interface AccountFacts {
  number: string;
  house: string;
  apartment: string | null;
  ownerFullName: string;
}

export interface SaidAccountOrAddress {
  accountNumber?: string | undefined;
  house?: string | undefined;
  apartment?: string | undefined;
}

/** The account number, or the house (and the flat, when the account has one), as the client said it. */
export function matchesAccountOrAddress(account: AccountFacts, said: SaidAccountOrAddress): boolean {
  if (said.accountNumber) return normalizeAccountNumber(said.accountNumber) === account.number;
  if (!said.house) return false;
  const same = (a: string, b: string) => normalizeWord(a) === normalizeWord(b);
  if (!same(said.house, account.house)) return false;
  return account.apartment === null || same(said.apartment ?? '', account.apartment);
}

/**
 * Surname and first name must match the owner's (case, «ё» and extra spaces aside); a
 * patronymic, when said, must match too. Initials are not enough.
 */
export function matchesOwnerName(ownerFullName: string, said: string): boolean {
  const owner = words(ownerFullName);
  const heard = words(said);
  if (heard.length < 2 || heard.length > owner.length) return false;
  return heard.every((word, index) => word === owner[index]);
}

/**
 * Who needs the checklist: anyone in a conversation with the client, and operators always.
 * Supervisors and quality reviewing a card outside a conversation see it in full (still audited).
 */
export function identificationRequired(
  roles: readonly UserRole[],
  interactionId: string | undefined,
): boolean {
  if (interactionId) return true;
  return !roles.some((role) => role === 'supervisor' || role === 'quality');
}

function normalizeWord(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, '');
}

function words(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[\s.,]+/)
    .filter(Boolean);
}
