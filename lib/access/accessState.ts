// The access state as one JSON object in the bucket (`_access/state.json`), seen by every gateway replica and
// re-read when its ETag changes, so a new user, window or revoked token takes effect without a restart.
import { ConflictError, PreconditionFailedError } from '../errors.js';
import type { ObjectStore } from '../store/index.js';
import { AccessState, EMPTY_STATE } from './model.js';

/** Reserved prefix: no user key's policy names it (s3Key.ts), no dashboard route reads or writes below it. */
export const ACCESS_PREFIX = '_access/';
export const STATE_KEY = `${ACCESS_PREFIX}state.json`;

export interface AccessStateStore {
  /** The state, re-read from the bucket when it changed (checked at most every `refreshMs`). */
  current(): Promise<AccessState>;
  /**
   * Applies `change` to the newest state and writes it with a conditional PUT (If-Match its ETag, or If-None-Match *
   * for the first state): when another replica wrote in between, the store refuses and this throws ConflictError (409).
   */
  update(change: (state: AccessState) => void): Promise<AccessState>;
}

export interface AccessStateOptions {
  /** How long a read state is trusted before its ETag is checked again. @default 1000 */
  refreshMs?: number;
  now?: () => number;
}

export function accessStateStore(store: ObjectStore, options: AccessStateOptions = {}): AccessStateStore {
  const refreshMs = options.refreshMs ?? 1000;
  const now = options.now ?? Date.now;
  let cached: { state: AccessState; etag: string | null; checked: number } | null = null;
  let writing: Promise<unknown> = Promise.resolve();

  async function load(): Promise<{ state: AccessState; etag: string | null }> {
    const info = await store.head(STATE_KEY);
    if (!info) return { state: structuredClone(EMPTY_STATE), etag: null };
    if (cached && cached.etag === info.etag) return cached;
    let json: unknown;
    try { json = JSON.parse(new TextDecoder().decode(await store.getBytes(STATE_KEY))); } catch (err) { throw new Error(`access state "${STATE_KEY}": not JSON`, { cause: err }); }
    const parsed = AccessState.safeParse(json);
    if (!parsed.success) throw new Error(`access state "${STATE_KEY}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return { state: parsed.data, etag: info.etag };
  }

  async function current(): Promise<AccessState> {
    if (cached && now() - cached.checked < refreshMs) return cached.state;
    const got = await load();
    cached = { ...got, checked: now() };
    return got.state;
  }

  async function write(change: (state: AccessState) => void): Promise<AccessState> {
    const { state, etag } = await load();
    const next = AccessState.parse(structuredClone(state));
    change(next);
    const checked = AccessState.parse(next);
    // The store compares and writes in one step (S3/MinIO conditional PUT; the embedded store's guard): of two
    // replicas that read the same ETag, one writes and the other gets 412. Writers in this process are serialised
    // (below), so only another replica can make it fail.
    let out: { etag: string };
    try {
      out = await store.put(STATE_KEY, JSON.stringify(checked, null, 2) + '\n', { contentType: 'application/json', ...(etag === null ? { ifNoneMatch: '*' } : { ifMatch: etag }) });
    } catch (err) {
      if (err instanceof PreconditionFailedError) throw new ConflictError(`access state "${STATE_KEY}" changed while it was being updated: try again`, { cause: err });
      throw err;
    }
    cached = { state: checked, etag: out.etag, checked: now() };
    return checked;
  }

  return {
    current,
    update(change) {
      const run = writing.then(() => write(change));
      writing = run.catch(() => undefined);
      return run;
    },
  };
}
