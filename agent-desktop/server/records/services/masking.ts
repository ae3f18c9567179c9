/**
 * What the card shows before the client is identified (standard, remote service: the client
 * names the account or the address and the owner's name before personal data are disclosed).
 * Enough to tell accounts apart in a list, never enough to read the data back to a caller.
 */

/** "Кызласова Анна Сергеевна" → "К*** А. С.": surname initial and initials only. */
export function maskFullName(fullName: string): string {
  const [surname = '', ...rest] = fullName.trim().split(/\s+/);
  const initials = rest.map((word) => `${word.charAt(0)}.`).join(' ');
  return [`${surname.charAt(0)}***`, initials].filter(Boolean).join(' ');
}

/** "+79131234567" → "+7 *** ***-**-67". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+7 *** ***-**-${digits.slice(-2)}`;
}

/** "ivanov@mail.ru" → "i***@mail.ru". */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email.charAt(0)}***${email.slice(at)}`;
}

/** Only the settlement: the street, house and flat are what the client must name. */
export function maskAddress(settlement: string): string {
  return `${settlement}, …`;
}
