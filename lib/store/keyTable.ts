// The embedded store's table of access keys: each with a policy, its secret encrypted at rest (AES-256-GCM with a
// master key kept in a separate 0600 file; SigV4 needs the secret itself, so it cannot be a one-way hash). The
// store re-reads the file when it changes, so keys are created and revoked without a restart.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { KeyPolicy } from './keyPolicy.js';

const Sealed = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
export const KeyEntry = z.object({
  id: z.string().regex(/^[A-Z0-9]{16,64}$/),
  secret: Sealed,
  policy: KeyPolicy,
  description: z.string().default(''),
  created: z.string(),
  revoked: z.string().nullable().default(null),
});
export type KeyEntry = z.infer<typeof KeyEntry>;
export const KeyTableFile = z.object({ version: z.literal(1), keys: z.array(KeyEntry) });
export type KeyTableFile = z.infer<typeof KeyTableFile>;

/** The master key beside the table (`<table>.master`), made on first use. */
export async function masterKey(tableFile: string): Promise<Buffer> {
  const file = `${tableFile}.master`;
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file}: expected a base64 256-bit key, got ${key.length} bytes`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    await writeFile(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  }
}

export function seal(master: Buffer, secret: string, id: string): z.infer<typeof Sealed> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(id)); // a sealed secret moved to another key id does not open
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export function unseal(master: Buffer, sealed: z.infer<typeof Sealed>, id: string): string {
  const decipher = createDecipheriv('aes-256-gcm', master, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(id));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}

export async function readKeyTable(file: string): Promise<KeyTableFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] };
    throw err;
  }
  const parsed = KeyTableFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`key table ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function writeKeyTable(file: string, table: KeyTableFile): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(table, null, 2), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** Adds a key with `policy`; returns its id and secret (shown once, stored only sealed). */
export async function createAccessKey(file: string, policy: KeyPolicy, description = '', now = new Date()): Promise<{ id: string; secret: string }> {
  const master = await masterKey(file);
  const table = await readKeyTable(file);
  const id = `CRYO${randomBytes(10).toString('hex').toUpperCase()}`;
  const secret = randomBytes(30).toString('base64url');
  table.keys.push({ id, secret: seal(master, secret, id), policy: KeyPolicy.parse(policy), description, created: now.toISOString(), revoked: null });
  await writeKeyTable(file, table);
  return { id, secret };
}

/** Marks key `id` revoked (kept for the record); throws naming the id when it is not in the table. */
export async function revokeAccessKey(file: string, id: string, now = new Date()): Promise<void> {
  const table = await readKeyTable(file);
  const entry = table.keys.find((k) => k.id === id);
  if (!entry) throw new Error(`key table ${file}: no access key ${JSON.stringify(id)}`);
  entry.revoked ??= now.toISOString();
  await writeKeyTable(file, table);
}
