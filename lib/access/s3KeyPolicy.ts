// The embedded store's key policy for a user's own S3 key. The key acts for the user: the store decides each request
// at request time from the live access state (s3KeyAccess.ts → decide()), so it reads the user's experiments, writes
// raw/<exp>/ only while an operator's or collaborator's window is open (± ACCESS_GRACE_SECONDS), and follows new
// grants, windows and a disabled user without being re-issued. The globs only bound it: never `_access/` or others.
import type { KeyPolicy } from '../store/keyPolicy.js';
import type { AccessState, User } from './model.js';
import { USER_KEY_TOPS } from './s3KeyAccess.js';

/** `bucket` must be the bucket holding the access state (no glob). The issue time is ignored: nothing is fixed at issue. */
export function s3KeyPolicy(state: AccessState, user: User, bucket: string, _issuedAt?: Date): KeyPolicy {
  if (!state.users.some((u) => u.name === user.name)) throw new Error(`s3 key for ${user.name}: no such user in the access state`);
  return { bucket, keys: USER_KEY_TOPS.map((t) => `${t}/*`), actions: ['read', 'write'], user: user.name };
}
