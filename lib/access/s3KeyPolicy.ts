// The embedded store's key policy for a user's own S3 key: read the raw, processed and parameter objects of every
// experiment they may download, and nothing else (never `_access/`).
import type { KeyPolicy } from '../store/keyPolicy.js';
import { decide } from './decide.js';
import type { AccessState, User } from './model.js';

export function s3KeyPolicy(state: AccessState, user: User, bucket: string, now: Date): KeyPolicy {
  const principal = { kind: 'user', user } as const;
  const experiments = state.experiments.filter((e) => decide(principal, e, 'download', now).allow).map((e) => e.name);
  if (experiments.length === 0) throw new Error(`s3 key for ${user.name}: not a member of any experiment, so the key would reach nothing`);
  return { bucket, keys: experiments.flatMap((e) => [`raw/${e}/*`, `processed/${e}/*`, `params/${e}/*`]), actions: ['read'] };
}
