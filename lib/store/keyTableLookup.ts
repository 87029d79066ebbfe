// Answers "which secret and policy has this access key id?" from the key table file, re-read whenever it changes.
// A key whose policy names a user (a user's own S3 key) is decided per request by `userRights` from the live access
// state; without `userRights` such a key is refused everything (fail closed).
import { statSync } from 'node:fs';
import { masterKey, readKeyTable, unseal } from './keyTable.js';
import type { KeyEntry } from './keyTable.js';
import { policyAllows } from './keyPolicy.js';
import type { KeyAction } from './keyPolicy.js';

export interface KeyDecision {
  allow: boolean;
  reason: string;
  /** What the decision was about, for the audit trail (e.g. `upload` on experiment `A`). */
  action?: string;
  experiment?: string;
}

/** A user key's rights at `now`: one decision per (action, key) of the policy's bucket. */
export type UserRights = (user: string, bucket: string, now: Date) => Promise<(action: KeyAction, key: string) => KeyDecision>;

export interface TableAccess {
  secretAccessKey: string;
  can(action: KeyAction, bucket: string, key: string): boolean;
  /** User keys only: the decision with its reason (used instead of can). */
  decide?(action: KeyAction, bucket: string, key: string): KeyDecision;
  /** User keys only: the user it acts for and the bucket holding the access state. */
  actor?: { user: string; bucket: string };
}

export interface KeyTableLookupOptions {
  userRights?: UserRights;
}

/** A lookup over `file`; the table is re-read when its modification time or size changes (a create or revoke). */
export function keyTableLookup(file: string, options: KeyTableLookupOptions = {}): (id: string, now?: Date) => Promise<TableAccess | null> {
  let stamp = '';
  let entries = new Map<string, KeyEntry>();
  let master: Buffer | null = null;
  return async (id, now = new Date()) => {
    let seen = 'missing';
    try {
      const st = statSync(file);
      seen = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch { /* no table yet: only the service key */ }
    if (seen !== stamp) {
      entries = new Map((await readKeyTable(file)).keys.map((k) => [k.id, k]));
      stamp = seen;
    }
    const entry = entries.get(id);
    if (!entry || entry.revoked) return null;
    master ??= await masterKey(file);
    const { policy } = entry;
    const secretAccessKey = unseal(master, entry.secret, id);
    const can = (action: KeyAction, bucket: string, key: string): boolean => policyAllows(policy, action, bucket, key);
    if (policy.user === undefined) return { secretAccessKey, can };
    const user = policy.user;
    const rights = options.userRights ? await options.userRights(user, policy.bucket, now) : null;
    // The live decision gives the reason; the policy's globs stay an outer bound it can never widen.
    const decide = (action: KeyAction, bucket: string, key: string): KeyDecision => {
      if (!rights) return { allow: false, reason: `${user}'s S3 key follows the access state, which this store does not read` };
      if (bucket !== policy.bucket) return { allow: false, reason: `${user}'s S3 key is for bucket ${policy.bucket}, not ${bucket}` };
      const d = rights(action, key);
      return d.allow && !can(action, bucket, key) ? { allow: false, reason: `${user}'s S3 key may not ${action} ${JSON.stringify(`${bucket}/${key}`)}` } : d;
    };
    return { secretAccessKey, can: (action, bucket, key) => decide(action, bucket, key).allow, decide, actor: { user, bucket: policy.bucket } };
  };
}
