import { randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I): the admin reads it out or writes it down for the new operator.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password for a new or reset account: 14 characters, ~80 bits, from a CSPRNG. */
export function temporaryPassword(length = 14): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
