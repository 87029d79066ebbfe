// The part of /ui that runs before the gateway's auth: the login page and form, logout, and the session cookie
// turned into the request's Principal. Basic and Bearer (scripts, faas-cli style) pass through untouched to the
// gateway's guard. A browser navigating without any credentials is sent to the login page; API calls keep
// answering 401 JSON.
import { timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { Access, OidcSettings, Principal } from '../../lib/access/index.js';
import { principalName } from '../../lib/access/index.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { oidcRouter } from './loginOidc.js';
import { loginPage } from './loginPage.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from './sessionCookie.js';

export interface LoginDeps {
  access: Access;
  /** The gateway's admin account, which may log in here too. */
  admin: () => { user?: string; password?: string };
  /** "Sign in with <provider>" (lib/access/oidcConfig.ts) when OIDC is configured. */
  oidc?: OidcSettings;
}

/** Only paths under the dashboard, never `//host` or a scheme: an open redirect would make phishing easy. */
export function safeNext(req: Request, next: unknown): string {
  const base = `${req.baseUrl}/`;
  return typeof next === 'string' && next.startsWith(base) && !next.startsWith('//') && !/[\\\s]/.test(next) ? next : base;
}

/** A browser form post from another site is refused (login CSRF): Sec-Fetch-Site / Origin must be our own. */
function crossSite(req: Request): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site "${String(site)}" is not same-origin`;
  const origin = req.headers.origin;
  const own = `${req.protocol}://${req.headers.host ?? ''}`;
  if (origin !== undefined && origin !== own) return `Origin "${origin}" is not the dashboard's origin ${own}`;
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

const isNavigation = (req: Request) => req.method === 'GET' && !req.path.startsWith('/api/')
  && (req.headers['sec-fetch-mode'] === 'navigate' || String(req.headers.accept ?? '').includes('text/html'));

export function loginRouter(deps: LoginDeps): Router {
  const { access } = deps;
  const router = Router();
  const provider = (req: Request) => deps.oidc && { label: deps.oidc.providerName, href: `${req.baseUrl}/login/oidc?next=${encodeURIComponent(safeNext(req, req.query.next))}` };
  const page = (req: Request, res: Response, status: number, extra: { error?: string; notice?: string } = {}) =>
    res.status(status).type('html').set('Cache-Control', 'no-store').send(loginPage({ next: safeNext(req, req.query.next ?? req.body?.next), provider: provider(req), ...extra }));
  const audit = (req: Request, who: string, outcome: 'allowed' | 'refused', status: number, reason: string) =>
    access.audit({ who: who || 'anonymous', what: `${req.method} ${req.baseUrl}${req.path}`, action: 'login', keys: [], address: req.ip ?? '', outcome, status, reason }).catch(() => undefined);
  /** Opens the session (cookie + record in the bucket) and goes on to `next`. */
  const begin = async (req: Request, res: Response, principal: Principal, next: string, how: string) => {
    const s = await access.sessions.create({ kind: principal.kind, name: principalName(principal) }, req.ip ?? '');
    await audit(req, principalName(principal), 'allowed', 303, `logged in (${how})`);
    setSessionCookie(req, res, s.id, s.expires);
    res.redirect(303, next);
  };
  const fail = async (req: Request, res: Response, who: string, reason: string, shown = reason) => {
    await audit(req, who, 'refused', 401, reason);
    page(req, res, 401, { error: shown });
  };

  router.get('/login', (req, res) => { page(req, res, 200); });

  router.post('/login', express.urlencoded({ extended: false, limit: '8kb' }), (req, res, next) => {
    const refused = crossSite(req);
    if (refused) { res.status(403).json({ error: `POST ${req.originalUrl}: ${refused}` }); return; }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const [user, password] = [String(body.user ?? ''), String(body.password ?? '')];
    login(deps, user, password).then(
      (principal) => begin(req, res, principal, safeNext(req, body.next), 'password'),
      (err: unknown) => fail(req, res, user, err instanceof Error ? err.message : String(err), 'Wrong user name or password, or the account is disabled.'),
    ).catch(next);
  });

  router.post('/logout', (req, res, next) => {
    const refused = crossSite(req);
    if (refused) { res.status(403).json({ error: `POST ${req.originalUrl}: ${refused}` }); return; }
    const id = readCookie(req, SESSION_COOKIE);
    (id ? access.sessions.destroy(id) : Promise.resolve()).then(() => {
      clearSessionCookie(req, res);
      page(req, res, 200, { notice: 'You are logged out.' });
    }, next);
  });

  if (deps.oidc) router.use(oidcRouter({ settings: deps.oidc, access, safeNext, begin: (req, res, p, next) => begin(req, res, p, next, deps.oidc?.providerName ?? 'oidc'), fail: (req, res, who, reason) => fail(req, res, who, reason) }));
  router.use(sessionAuth(deps));
  return router;
}

/** Local password (via lib/access, the same checks as Basic) or the gateway's admin account. */
async function login(deps: LoginDeps, user: string, password: string): Promise<Principal> {
  const admin = deps.admin();
  if (admin.user && admin.password !== undefined && sameSecret(user, admin.user) && sameSecret(password, admin.password)) return { kind: 'admin', name: admin.user };
  return deps.access.authenticate(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
}

/** Cookie → res.locals.principal; no credentials at all on a page navigation → the login page. */
function sessionAuth(deps: LoginDeps): RequestHandler {
  return (req, res, next) => {
    if (req.headers.authorization) return next(); // Basic / Bearer: the gateway's guard decides
    const id = readCookie(req, SESSION_COOKIE);
    const toLogin = () => res.redirect(302, `${req.baseUrl}/login?next=${encodeURIComponent(safeNext(req, req.originalUrl))}`);
    if (!id) return isNavigation(req) ? toLogin() : next();
    deps.access.sessions.resolve(id).then(async (record) => {
      const principal = record ? await deps.access.sessionPrincipal(record, deps.admin().user ?? '').catch(() => undefined) : undefined;
      if (principal) {
        res.locals.principal = principal;
        res.locals.user = { name: principalName(principal) };
        res.locals.viaSession = true;
        // For long-lived responses (the event stream): the same cookie, asked again; rejects once logged out or disabled.
        res.locals.reauthenticate = async () => {
          const now = await deps.access.sessions.resolve(id);
          if (!now) throw new UnauthorizedError('your dashboard session has ended');
          return deps.access.sessionPrincipal(now, deps.admin().user ?? '');
        };
        return next();
      }
      clearSessionCookie(req, res);
      if (isNavigation(req)) return toLogin();
      // No WWW-Authenticate: a Basic challenge here would pop the browser's password dialog over the page.
      res.status(401).json({ error: 'your dashboard session has ended (expired, logged out, or the account was disabled): log in again' });
    }).catch(next);
  };
}
