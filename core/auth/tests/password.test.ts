import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../password.ts';

// A small cost keeps the suite quick; the format and the checks are the same at any cost.
const QUICK = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('are self-describing: scrypt$N$r$p$salt$hash', async () => {
    const hash = await hashPassword('operator1-demo');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('verify the right password and refuse a wrong one', async () => {
    const hash = await hashPassword('Пароль-2026', QUICK);
    expect(await verifyPassword('Пароль-2026', hash)).toBe(true);
    expect(await verifyPassword('пароль-2026', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salt every hash, so equal passwords give different hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('same', QUICK), hashPassword('same', QUICK)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('treat the composed and decomposed forms of a letter as the same password', async () => {
    const hash = await hashPassword('ёлка', QUICK); // ё as one code point
    expect(await verifyPassword('е\u0308лка', hash)).toBe(true); // е + combining diaeresis
  });

  it('refuse malformed or tampered hashes without throwing', async () => {
    const hash = await hashPassword('secret', QUICK);
    const parts = hash.split('$');
    const tampered = [...parts.slice(0, 5), Buffer.alloc(32, 1).toString('base64url')].join('$');
    for (const stored of [
      '',
      'plain',
      'bcrypt$x',
      hash.replace('scrypt', 'argon2'),
      '$1000$8$1$a$b',
      tampered,
    ]) {
      expect(await verifyPassword('secret', stored)).toBe(false);
    }
    // N must be a power of two
    expect(await verifyPassword('secret', hash.replace('$1024$', '$1000$'))).toBe(false);
  });

  it('reject an empty password at hashing time', async () => {
    await expect(hashPassword('')).rejects.toThrow(/must not be empty/);
  });
});
