// What a verified access key may do: the guard asks one question per request, the key table answers it.

export type StoreAction = 'read' | 'write' | 'delete';

export interface StoreAccess {
  secretAccessKey: string;
  /** Whether this key may do `action` on `key` of `bucket` ('' = the whole bucket: listings, multi-object delete). */
  can(action: StoreAction, bucket: string, key: string): boolean;
}

/** Finds the credential of an access key id; null when unknown or revoked. */
export type AccessLookup = (accessKeyId: string) => StoreAccess | null | Promise<StoreAccess | null>;

/** A key that may do everything (the service key the functions use). */
export function fullAccess(secretAccessKey: string): StoreAccess {
  return { secretAccessKey, can: () => true };
}
