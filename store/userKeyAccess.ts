// Users' own S3 keys on the embedded store: their rights come from the live access state in the key's bucket
// (`_access/state.json`, re-read when its ETag changes) through the one decision function, at each request's time;
// their refusals and writes go to the same audit trail as the gateway's.
import { AccessEnv } from '../lib/access/access.js';
import { accessStateStore } from '../lib/access/accessState.js';
import type { AccessStateStore } from '../lib/access/accessState.js';
import { appendAudit } from '../lib/access/audit.js';
import { s3KeyDecision } from '../lib/access/s3KeyAccess.js';
import { loadEnv } from '../lib/config/index.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import type { ObjectStore } from '../lib/store/index.js';
import type { UserRights } from '../lib/store/keyTableLookup.js';
import type { StoreAudit } from './auth/storeAudit.js';

export interface UserKeyAccessOptions {
  /** @default ACCESS_GRACE_SECONDS from the environment (as createAccess reads it) */
  graceSeconds?: number;
  now?: () => Date;
  log: Logger;
}

/** `storeFor(bucket)` is the service key's store on that bucket (the state and the audit trail live there). */
export function userKeyAccess(storeFor: (bucket: string) => ObjectStore, options: UserKeyAccessOptions): { rights: UserRights; audit: StoreAudit } {
  const graceSeconds = options.graceSeconds ?? loadEnv('access', AccessEnv, process.env).ACCESS_GRACE_SECONDS;
  const now = options.now ?? (() => new Date());
  const states = new Map<string, AccessStateStore>();

  const rights: UserRights = async (user, bucket, at) => {
    let state = states.get(bucket);
    if (!state) states.set(bucket, (state = accessStateStore(storeFor(bucket))));
    const current = await state.current();
    return (action, key) => s3KeyDecision(current, user, action, key, at, { graceSeconds });
  };

  const audit: StoreAudit = (e) => {
    appendAudit(storeFor(e.actor.bucket), {
      time: now().toISOString(), who: e.actor.user, what: e.what, action: e.action, keys: e.keys, address: e.address,
      outcome: e.outcome, status: e.status, reason: e.reason, ...(e.experiment ? { experiment: e.experiment } : {}),
    }).catch((err: unknown) => options.log.error('could not append a store access line to the audit trail', { user: e.actor.user, error: describeError(err) }));
  };
  return { rights, audit };
}
