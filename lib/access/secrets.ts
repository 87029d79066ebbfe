// Password hashing (scrypt, node:crypto) and API tokens: only hashes are stored, comparisons are constant-time.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// OWASP's scrypt floor (N=2^17, r=8, p=1) needs 128 MiB; 2^15 keeps a login under ~100 ms on a shared host.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LEN, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return got.length === want.length && timingSafeEqual(got, want);
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new token `cdt_<id>_<secret>`: the id finds its record, the SHA-256 of the whole string proves it. */
export function newToken(): { id: string; token: string; sha256: string } {
  const id = randomBytes(8).toString('hex');
  const token = `cdt_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token, sha256: sha256(token) };
}

/** The id inside a token, or null when the text is not shaped like one. */
export function tokenId(token: string): string | null {
  return /^cdt_([a-f0-9]{16})_[A-Za-z0-9_-]{43}$/.exec(token)?.[1] ?? null;
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
