// Per-route access on /ui/api: which experiment a request touches and what it does there, decided by lib/access
// (403 with the reason), every refusal and every mutating request written to the audit trail.
import type { Request, RequestHandler } from 'express';
import type { Access, AccessAction, Principal } from '../../lib/access/index.js';
import { principalName } from '../../lib/access/index.js';
import { ForbiddenError } from '../../lib/errors.js';

export interface Touch {
  action: AccessAction;
  experiment?: string;
  keys: string[];
}

const SESSION_RE = /^\/sessions\/([^/]+)\/([^/]+)(\/.*)?$/;
const KEY_EXP_RE = /^(?:raw|processed|params)\/([^/]+)\//;

function sessionAction(method: string, rest: string): AccessAction {
  if (method === 'GET') return rest === '/bundle' ? 'download' : 'view';
  if (rest === '/gain') return 'upload';
  if (rest === '/reprocess') return 'reprocess';
  return 'editParams'; // params, curation thresholds and overrides
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What `req` does to which experiment; null for routes that check themselves (/sessions, /events, /access). */
export function touchOf(req: Request): Touch | null {
  const path = req.path;
  if (path === '/sessions' || path === '/events' || path.startsWith('/access/')) return null;
  const s = SESSION_RE.exec(path);
  if (s) return { action: sessionAction(req.method, s[3] ?? ''), experiment: decodeURIComponent(s[1]), keys: [`raw/${decodeURIComponent(s[1])}/${decodeURIComponent(s[2])}/`] };
  const body = (req.body ?? {}) as Record<string, unknown>;
  const key = str(body.key) || str(req.query.key);
  if (path === '/objects') return { action: 'view', experiment: KEY_EXP_RE.exec(key)?.[1], keys: [key] };
  if (path === '/uploads') {
    const experiment = str(body.experiment);
    return { action: 'upload', experiment, keys: [`raw/${experiment}/${str(body.session)}/${str(body.fileName)}`] };
  }
  if (path.startsWith('/uploads/')) return { action: 'upload', experiment: KEY_EXP_RE.exec(key)?.[1], keys: [key] };
  return { action: 'admin', keys: [] }; // a route this table does not know: administrators only
}

export function accessGuard(access: Access): RequestHandler {
  return (req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    const touch = touchOf(req);
    if (!principal || !touch) return next();
    const base = { who: principalName(principal), what: `${req.method} ${req.originalUrl}`, action: touch.action, experiment: touch.experiment, keys: touch.keys, address: req.ip ?? '' };
    access.check(principal, touch.experiment, touch.action).then(async (d) => {
      if (!d.allow) {
        await access.audit({ ...base, outcome: 'refused', status: 403, reason: d.reason }).catch(() => undefined);
        return next(new ForbiddenError(d.reason));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.on('finish', () => {
          void access.audit({ ...base, outcome: res.statusCode < 400 ? 'allowed' : 'failed', status: res.statusCode, reason: d.reason }).catch(() => undefined);
        });
      }
      next();
    }, next);
  };
}

/** The experiments a caller may view now: names, 'all', or null once its credentials no longer let it in at all. */
export type VisibleNow = () => Promise<Set<string> | 'all' | null>;

/**
 * Sets res.locals.visible (experiment names, or 'all') for the routes that filter lists and events, and
 * res.locals.visibleNow, which asks again from the request's credentials (res.locals.reauthenticate, set where they
 * were checked): the event stream stays open for hours while members, tokens and accounts change.
 */
export function visibleExperiments(access: Access): RequestHandler {
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) return next();
    const reauthenticate = res.locals.reauthenticate as (() => Promise<Principal>) | undefined;
    const visibleNow: VisibleNow = async () => {
      const now = await (reauthenticate ?? (() => Promise.resolve(principal)))().catch(() => null);
      return now ? access.visible(now) : null;
    };
    res.locals.visibleNow = visibleNow;
    access.visible(principal).then((v) => { res.locals.visible = v; next(); }, next);
  };
}
