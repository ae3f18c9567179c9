/**
 * Personal data never reaches logs (R-SEC-1, 152-FZ). Two layers:
 * - fields whose name says they hold personal data are masked whatever their value;
 * - any string anywhere is scanned for phone numbers, e-mails and long digit runs
 *   (account numbers, INN, SNILS, card numbers), because PII also hides in free text.
 */

const PII_KEYS = new Set(
  [
    'phone',
    'phones',
    'phoneNumber',
    'msisdn',
    'callerNumber',
    'callerId',
    'number',
    'email',
    'name',
    'fullName',
    'ownerName',
    'ownerFullName',
    'firstName',
    'lastName',
    'middleName',
    'surname',
    'patronymic',
    'address',
    'street',
    'house',
    'apartment',
    'accountNumber',
    'account_number',
    'inn',
    'snils',
    'passport',
    'text',
    'transcript',
    'message',
    'password',
    'passwordHash',
    'token',
    'cookie',
    'authorization',
  ].map((key) => key.toLowerCase()),
);

export const MASK = '[redacted]';

const PATTERNS: Array<[RegExp, string]> = [
  // e-mail
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, '[email]'],
  // phone numbers: +7 (913) 123-45-67, 8 913 1234567, 89131234567, +15551234567
  [/(?:\+\d{1,3}[\s-]?)?(?:\(\d{3,5}\)[\s-]?|\d{3,5}[\s-])?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)/g, '[phone]'],
  // any run of 6+ digits (account numbers, INN, card numbers) possibly with separators
  [/\d(?:[\s-]?\d){5,}/g, '[digits]'],
];

export function redactString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function isPiiKey(key: string): boolean {
  return PII_KEYS.has(key.toLowerCase());
}

/** Deep copy with PII masked. Handles cycles and Errors (message and stack are scanned). */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactString(value.message),
      stack: value.stack ? redactString(value.stack) : undefined,
      ...(redactValue({ ...value }, seen) as object),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isPiiKey(key) && item !== undefined && item !== null ? MASK : redactValue(item, seen);
  }
  return out;
}
