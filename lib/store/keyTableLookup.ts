// Answers "which secret and policy has this access key id?" from the key table file, re-read whenever it changes.
import { statSync } from 'node:fs';
import { masterKey, readKeyTable, unseal } from './keyTable.js';
import type { KeyEntry } from './keyTable.js';
import { policyAllows } from './keyPolicy.js';
import type { KeyAction } from './keyPolicy.js';

export interface TableAccess {
  secretAccessKey: string;
  can(action: KeyAction, bucket: string, key: string): boolean;
}

/** A lookup over `file`; the table is re-read when its modification time or size changes (a create or revoke). */
export function keyTableLookup(file: string): (id: string) => Promise<TableAccess | null> {
  let stamp = '';
  let entries = new Map<string, KeyEntry>();
  let master: Buffer | null = null;
  return async (id) => {
    let now = 'missing';
    try {
      const st = statSync(file);
      now = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch { /* no table yet: only the service key */ }
    if (now !== stamp) {
      entries = new Map((await readKeyTable(file)).keys.map((k) => [k.id, k]));
      stamp = now;
    }
    const entry = entries.get(id);
    if (!entry || entry.revoked) return null;
    master ??= await masterKey(file);
    const { policy } = entry;
    return { secretAccessKey: unseal(master, entry.secret, id), can: (action, bucket, key) => policyAllows(policy, action, bucket, key) };
  };
}
