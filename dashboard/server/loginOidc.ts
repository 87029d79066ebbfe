// "Sign in with <provider>": the OpenID Connect authorization-code flow with PKCE (openid-client). The verifier,
// state and nonce wait in a short-lived HttpOnly cookie scoped to the callback path (any replica can finish the
// flow); the callback links the user by issuer + subject and opens a dashboard session like the password form.
import type { Request, Response } from 'express';
import { Router } from 'express';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { Access, OidcSettings, Principal } from '../../lib/access/index.js';
import { linkOidcUser } from '../../lib/access/index.js';
import { readCookie } from './sessionCookie.js';

const FLOW_COOKIE = 'cryoem_oidc';
const Flow = z.object({ verifier: z.string(), state: z.string(), nonce: z.string(), next: z.string() });

/** A tampered cookie is just "no flow started" (undefined fails the schema), not a 500. */
function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

export interface OidcRouteDeps {
  settings: OidcSettings;
  access: Access;
  /** Opens the dashboard session for `user` and redirects to `next` (loginRoutes.ts). */
  begin(req: Request, res: Response, principal: Principal, next: string): Promise<void>;
  /** Shows the login page again with `error` (401) after auditing `reason`. */
  fail(req: Request, res: Response, user: string, reason: string): Promise<void>;
  safeNext(req: Request, next: unknown): string;
}

function flowCookie(req: Request, value: string, maxAge: number): string {
  return `${FLOW_COOKIE}=${value}; Path=${req.baseUrl}/login/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`;
}

export function oidcRouter(deps: OidcRouteDeps): Router {
  const { settings } = deps;
  let config: Promise<oidc.Configuration> | undefined;
  // Discovery once per replica, again after a failure (the provider may have been down at the first try).
  const configuration = () => (config ??= oidc.discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined,
    settings.issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}).catch((err: unknown) => { config = undefined; throw err; }));
  const router = Router();

  router.get('/login/oidc', async (req, res) => {
    const flow = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), next: deps.safeNext(req, req.query.next) };
    let url: URL;
    try {
      url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: settings.redirectUrl.href, scope: settings.scopes, state: flow.state, nonce: flow.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier), code_challenge_method: 'S256',
      });
    } catch (err) {
      await deps.fail(req, res, 'anonymous', `${settings.providerName} (${settings.issuer.href}) cannot be reached: ${(err as Error).message}`);
      return;
    }
    res.append('Set-Cookie', flowCookie(req, Buffer.from(JSON.stringify(flow)).toString('base64url'), 600));
    res.redirect(302, url.href);
  });

  router.get('/login/oidc/callback', async (req, res) => {
    res.append('Set-Cookie', flowCookie(req, '', 0));
    const raw = readCookie(req, FLOW_COOKIE);
    const flow = raw ? Flow.safeParse(parseJson(Buffer.from(raw, 'base64url').toString('utf8'))) : undefined;
    if (!flow?.success) { await deps.fail(req, res, 'anonymous', `sign-in with ${settings.providerName}: no sign-in was started from this browser (or it took over 10 minutes)`); return; }
    let who = 'anonymous';
    try {
      const c = await configuration();
      // The URL the provider redirected to, from the configured callback (not from the Host header) + the query it sent.
      const current = new URL(settings.redirectUrl.href);
      current.search = new URL(req.originalUrl, 'http://x').search;
      const tokens = await oidc.authorizationCodeGrant(c, current, { pkceCodeVerifier: flow.data.verifier, expectedState: flow.data.state, expectedNonce: flow.data.nonce, idTokenExpected: true });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider returned no ID token');
      who = claims.sub;
      const info: Record<string, unknown> = { ...claims, ...(c.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(c, tokens.access_token, claims.sub) : {}) };
      const groups = info[settings.groupsClaim];
      const identity = {
        issuer: claims.iss, subject: claims.sub,
        preferredName: typeof info.preferred_username === 'string' ? info.preferred_username : undefined,
        displayName: typeof info.name === 'string' ? info.name : undefined,
        groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      };
      let name = '';
      await deps.access.state.update((s) => { name = linkOidcUser(s, identity, settings.groupMap); });
      const user = (await deps.access.state.current()).users.find((u) => u.name === name);
      if (!user?.enabled) throw new Error(`user ${name} is disabled`);
      await deps.begin(req, res, { kind: 'user', user }, flow.data.next);
    } catch (err) {
      await deps.fail(req, res, who, `sign-in with ${settings.providerName} failed: ${(err as Error).message}`);
    }
  });
  return router;
}
