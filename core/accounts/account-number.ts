/**
 * Personal account numbers (номер лицевого счёта). The one place that knows their shape:
 * the seeder generates them, the NLU and IVR recognise them, billing looks them up.
 *
 * Format: exactly 10 digits. The demo numbers are `19` (the region code of Khakassia) + a
 * two-digit area code + a six-digit serial; real retailers only have to match the pattern.
 * To support another retailer's format, change ACCOUNT_NUMBER_LENGTH/ACCOUNT_NUMBER_PATTERN here.
 */
export const ACCOUNT_NUMBER_LENGTH = 10;

export const ACCOUNT_NUMBER_PATTERN = /^\d{10}$/;

/** Where to look for an account number inside free text (word-bounded, not part of a longer number). */
export const ACCOUNT_NUMBER_IN_TEXT = /(?<!\d)\d{10}(?!\d)/g;

export function isAccountNumber(value: string): boolean {
  return ACCOUNT_NUMBER_PATTERN.test(value);
}

/**
 * People dictate and type numbers with spaces, dashes or dots ("19 01 000 123-4"): strips those
 * and returns the number, or null when what remains is not a valid account number.
 */
export function normalizeAccountNumber(value: string): string | null {
  const digits = value.trim().replace(/[\s\-.]/g, '');
  return isAccountNumber(digits) ? digits : null;
}
