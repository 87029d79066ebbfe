// What a verified access key may do: the guard asks one question per request, the key table answers it.

export type StoreAction = 'read' | 'write' | 'delete';

export interface StoreDecision {
  allow: boolean;
  /** Why, in words a person reads: sent in the AccessDenied message and the audit line. */
  reason: string;
  /** What it was about, for the audit trail (e.g. `upload` on experiment `A`). */
  action?: string;
  experiment?: string;
}

/** Who a user's S3 key acts for, and the bucket whose `_access/` holds their state and audit trail. */
export interface StoreActor {
  user: string;
  bucket: string;
}

export interface StoreAccess {
  secretAccessKey: string;
  /** Whether this key may do `action` on `key` of `bucket` ('' = the whole bucket: listings, multi-object delete). */
  can(action: StoreAction, bucket: string, key: string): boolean;
  /** Keys acting for a user of the access state: the decision at this request's time, with its reason (used instead of can). */
  decide?(action: StoreAction, bucket: string, key: string): StoreDecision;
  actor?: StoreActor;
}

/** Finds the credential of an access key id, deciding as of `now` (the store's clock); null when unknown or revoked. */
export type AccessLookup = (accessKeyId: string, now: Date) => StoreAccess | null | Promise<StoreAccess | null>;

/** A key that may do everything (the service key the functions use). */
export function fullAccess(secretAccessKey: string): StoreAccess {
  return { secretAccessKey, can: () => true };
}
