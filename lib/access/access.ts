// The access service a gateway replica holds: the bucket-backed state, authentication of users, decisions about
// a named experiment, and the audit trail. Configured by ACCESS_GRACE_SECONDS (lib/config/loadEnv.ts).
import { z } from 'zod';
import { loadEnv, type Env } from '../config/index.js';
import type { ObjectStore } from '../store/index.js';
import { accessStateStore, type AccessStateStore } from './accessState.js';
import { appendAudit, readAudit, type AuditEntry } from './audit.js';
import { authenticateUser, sessionPrincipal } from './authenticate.js';
import { decide, type AccessAction, type Decision } from './decide.js';
import type { Principal } from './model.js';
import { sessionStore, type SessionRecord, type SessionStore } from './sessions.js';

export const AccessEnv = z.object({
  /** Seconds a booked window is widened by on each side. */
  ACCESS_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),
  /** Lifetime of a dashboard login (cookie session), in hours. */
  ACCESS_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
});

export interface Access {
  state: AccessStateStore;
  graceSeconds: number;
  now(): Date;
  /** The user a non-admin Authorization header names; throws UnauthorizedError (401) saying why not. */
  authenticate(header: string): Promise<Principal>;
  /** decide() on the stored experiment `experiment` (undefined for actions on no experiment). */
  check(principal: Principal, experiment: string | undefined, action: AccessAction): Promise<Decision>;
  /** Experiment names `principal` may view, or 'all' (administrators). */
  visible(principal: Principal): Promise<Set<string> | 'all'>;
  audit(entry: Omit<AuditEntry, 'time'>): Promise<void>;
  /** Dashboard login sessions (cookie id → record in the bucket). */
  sessions: SessionStore;
  /** The Principal a session record stands for now; throws UnauthorizedError when its user is gone or disabled. */
  sessionPrincipal(record: SessionRecord, adminName: string): Promise<Principal>;
  readAudit(since?: Date): Promise<AuditEntry[]>;
}

export interface AccessOptions {
  env?: Env;
  now?: () => Date;
  refreshMs?: number;
}

export function createAccess(store: ObjectStore, options: AccessOptions = {}): Access {
  const { ACCESS_GRACE_SECONDS: graceSeconds, ACCESS_SESSION_HOURS: sessionHours } = loadEnv('access', AccessEnv, options.env ?? process.env);
  const now = options.now ?? (() => new Date());
  const state = accessStateStore(store, { refreshMs: options.refreshMs });
  const check: Access['check'] = async (principal, experiment, action) => {
    const s = await state.current();
    return decide(principal, s.experiments.find((e) => e.name === experiment), action, now(), { graceSeconds });
  };
  return {
    state, graceSeconds, now, check,
    authenticate: async (header) => authenticateUser(await state.current(), header, now()),
    async visible(principal) {
      if (principal.kind === 'admin' || principal.user.admin) return 'all';
      const s = await state.current();
      return new Set(s.experiments.filter((e) => decide(principal, e, 'view', now(), { graceSeconds }).allow).map((e) => e.name));
    },
    audit: (entry) => appendAudit(store, { ...entry, time: now().toISOString() }),
    readAudit: (since) => readAudit(store, since),
    sessions: sessionStore(store, { ttlSeconds: Math.round(sessionHours * 3600), now }),
    sessionPrincipal: async (record, adminName) => sessionPrincipal(await state.current(), record, adminName),
  };
}
