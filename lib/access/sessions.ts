// Browser login sessions: a random 256-bit id in an HttpOnly cookie, its record kept in the bucket under
// `_access/sessions/<sha256(id)>.json`. The bucket is what every gateway replica shares, so a session made on one
// replica is valid on all and logout on one ends it everywhere; only the hash is stored, so reading the bucket
// does not yield a usable cookie. One object per session keeps logins off the contended `state.json`.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStore } from '../store/index.js';
import { ACCESS_PREFIX } from './accessState.js';
import { Name } from './model.js';
import { sha256 } from './secrets.js';

export const SESSION_PREFIX = `${ACCESS_PREFIX}sessions/`;

export const SessionRecord = z.object({
  /** `admin`: the gateway's admin account; `user`: a user of the access state (re-checked on every request). */
  kind: z.enum(['admin', 'user']),
  name: Name,
  created: z.iso.datetime(),
  expires: z.iso.datetime(),
  address: z.string().default(''),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

export interface SessionStore {
  /** A new session for `who`; returns the cookie value (never stored) and when it expires. */
  create(who: { kind: 'admin' | 'user'; name: string }, address: string): Promise<{ id: string; expires: Date }>;
  /** The live record of cookie value `id`, or undefined (unknown, malformed or expired: an expired one is deleted). */
  resolve(id: string): Promise<SessionRecord | undefined>;
  /** Ends the session (logout); unknown ids are ignored. */
  destroy(id: string): Promise<void>;
}

export interface SessionStoreOptions {
  /** Lifetime of a session. @default 43200 (12 h) */
  ttlSeconds?: number;
  now?: () => Date;
}

const ID_RE = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url
const keyOf = (id: string) => `${SESSION_PREFIX}${sha256(id)}.json`;
const SWEEP_MS = 3_600_000;

export function sessionStore(store: ObjectStore, options: SessionStoreOptions = {}): SessionStore {
  const ttlMs = (options.ttlSeconds ?? 43_200) * 1000;
  const now = options.now ?? (() => new Date());
  let lastSweep = 0;

  // Sessions never logged out would pile up: at most once an hour per replica, delete the expired ones.
  async function sweep(): Promise<void> {
    const t = now().getTime();
    if (t - lastSweep < SWEEP_MS) return;
    lastSweep = t;
    for await (const o of store.list(SESSION_PREFIX)) {
      const record = await read(o.key);
      if (!record || Date.parse(record.expires) <= t) await store.delete(o.key).catch(() => undefined);
    }
  }

  async function read(key: string): Promise<SessionRecord | undefined> {
    if (!(await store.head(key))) return undefined;
    const parsed = SessionRecord.safeParse(JSON.parse(new TextDecoder().decode(await store.getBytes(key))));
    return parsed.success ? parsed.data : undefined;
  }

  return {
    async create(who, address) {
      const id = randomBytes(32).toString('base64url');
      const created = now();
      const expires = new Date(created.getTime() + ttlMs);
      const record: SessionRecord = { kind: who.kind, name: who.name, created: created.toISOString(), expires: expires.toISOString(), address };
      await store.put(keyOf(id), JSON.stringify(record), { contentType: 'application/json' });
      void sweep().catch(() => undefined);
      return { id, expires };
    },
    async resolve(id) {
      if (!ID_RE.test(id)) return undefined;
      const record = await read(keyOf(id));
      if (!record) return undefined;
      if (Date.parse(record.expires) <= now().getTime()) {
        await store.delete(keyOf(id)).catch(() => undefined);
        return undefined;
      }
      return record;
    },
    async destroy(id) {
      if (ID_RE.test(id)) await store.delete(keyOf(id));
    },
  };
}
