// Who is calling: the admin account (basic-auth secret files, exactly as basicAuth.ts checks it) or, when access
// control is on, a user of the access state (local password or bearer token). Puts a Principal in res.locals.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Principal } from '../../lib/access/index.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { basicAuth, type Credentials } from './basicAuth.js';

/** What the gateway needs from lib/access to let users in (lib/access/access.ts implements it). */
export interface UserAuth {
  authenticate(header: string): Promise<Principal>;
  audit(entry: { who: string; what: string; action: string; keys: string[]; address: string; outcome: 'refused'; status: number; reason: string }): Promise<void>;
}

function isAdmin(header: string, c: Credentials): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  const want = Buffer.from(`${c.user}:${c.password}`);
  const got = m ? Buffer.from(m[1], 'base64') : Buffer.alloc(0);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The Principal basic/bearer auth put on `res.locals`, or undefined when auth is off. */
export function principalOf(locals: Record<string, unknown>): Principal | undefined {
  return locals.principal as Principal | undefined;
}

/** Admin basic auth as before; with `users`, a user's credentials pass too (401 with the reason otherwise). */
export function principalAuth(credentials: Credentials, users?: UserAuth): RequestHandler {
  const adminOnly = basicAuth(credentials);
  return (req, res, next) => {
    // Already known from the dashboard's session cookie (dashboard/server/loginRoutes.ts runs first on /ui).
    if (res.locals.principal !== undefined) return next();
    const header = req.headers.authorization ?? '';
    if (isAdmin(header, credentials)) {
      const admin = { kind: 'admin', name: credentials.user } satisfies Principal;
      res.locals.principal = admin;
      res.locals.user = { name: credentials.user };
      res.locals.reauthenticate = () => Promise.resolve(admin);
      return next();
    }
    if (!users) return adminOnly(req, res, next);
    users.authenticate(header).then((principal) => {
      res.locals.principal = principal;
      // A long-lived response (the event stream) asks again later: the token may be revoked, the user disabled.
      res.locals.reauthenticate = () => users.authenticate(header);
      res.locals.user = { name: principal.kind === 'admin' ? principal.name : principal.user.name };
      next();
    }, (err: unknown) => {
      res.setHeader('WWW-Authenticate', 'Basic realm="Restricted"');
      const reason = err instanceof Error ? err.message : String(err);
      // A request with no credentials at all claims no one (a browser's first try before its login prompt):
      // not audited, so that anonymous traffic cannot fill the bucket with audit objects.
      if (header === '') return next(err instanceof UnauthorizedError ? err : new UnauthorizedError(reason, { cause: err }));
      const who = /^Basic\s/i.test(header) ? Buffer.from(header.slice(6).trim(), 'base64').toString('utf8').split(':')[0] : /^Bearer\s/i.test(header) ? 'bearer token' : 'anonymous';
      users.audit({ who, what: `${req.method} ${req.originalUrl}`, action: 'login', keys: [], address: req.ip ?? '', outcome: 'refused', status: 401, reason })
        .catch(() => undefined) // a failing audit write must not turn a 401 into a hang
        .then(() => next(err instanceof UnauthorizedError ? err : new UnauthorizedError(reason, { cause: err })));
    });
  };
}
