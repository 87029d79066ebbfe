// What an access key of the embedded store may touch: bucket and key-prefix globs, and read / write / delete.
import { z } from 'zod';

export const KeyAction = z.enum(['read', 'write', 'delete']);
export type KeyAction = z.infer<typeof KeyAction>;

export const KeyPolicy = z.object({
  /** Bucket glob, e.g. `cryoem`; `*` matches any run of characters. */
  bucket: z.string().min(1),
  /** Key globs, e.g. `raw/exp1/*`; a listing's prefix and a key must match one. */
  keys: z.array(z.string().min(1)).min(1),
  actions: z.array(KeyAction).min(1),
  /**
   * The key acts for this user of the access state (`_access/state.json` in `bucket`): the store decides each of its
   * requests then, from the live state and the time (lib/access/s3KeyAccess.ts); `keys`/`actions` only bound it.
   */
  user: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).optional(),
});
export type KeyPolicy = z.infer<typeof KeyPolicy>;

function globRe(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

/** Whether `policy` allows `action` on `key` of `bucket` (`key` '' means the whole bucket: only a `*` glob gives it). */
export function policyAllows(policy: KeyPolicy, action: KeyAction, bucket: string, key: string): boolean {
  if (!policy.actions.includes(action) || !globRe(policy.bucket).test(bucket)) return false;
  return policy.keys.some((glob) => globRe(glob).test(key));
}
