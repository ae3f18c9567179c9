import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes are self-describing strings so the cost can be raised later without breaking
 * existing hashes:
 *
 *   scrypt$N$r$p$<salt, base64url>$<hash, base64url>
 *
 * e.g. `scrypt$16384$8$1$Wm9v…$q3Lx…`. N (CPU/memory cost, a power of two), r (block size) and p
 * (parallelism) are node:crypto scrypt parameters; the salt is 16 random bytes, the hash 32 bytes.
 */
export const DEFAULT_SCRYPT_COST = { N: 16384, r: 8, p: 1 } as const;

const SALT_BYTES = 16;
const HASH_BYTES = 32;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  if (password.length === 0) throw new Error('password must not be empty');
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash (never throws). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const actual = await derive(password, parsed.salt, parsed.hash.length, parsed.cost);
    return timingSafeEqual(actual, parsed.hash);
  } catch {
    return false; // parameters scrypt refuses (e.g. a cost beyond memory limits) cannot match
  }
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => Number(part));
  if (!isPositiveInt(N) || !isPositiveInt(r) || !isPositiveInt(p) || (N & (N - 1)) !== 0) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || hash.length < 16) return null;
  return { cost: { N, r, p }, salt, hash };
}

function isPositiveInt(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0;
}

function derive(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  // maxmem must cover 128 * N * r bytes, or scrypt refuses costs above the small default.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
