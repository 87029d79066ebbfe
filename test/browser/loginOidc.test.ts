// OIDC login in chromium against a real OpenID provider (oidc-provider, started here): "Sign in with Test IdP" on
// the login page → the provider's own login and consent pages → back on the dashboard as a new user linked by the
// subject, who sees only the experiment that the group claim made her researcher of.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../dashboard/server/authRights.js';
import { createAccess } from '../../lib/access/index.js';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { ensureDashboardBuilt, launchChromium } from './helpers.js';

let dir: string;
let stack: RunningStack;
let browser: Browser;
let idp: http.Server;
let issuer: string;
const idpErrors: string[] = [];
const OIDC_VARS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET_FILE', 'OIDC_REDIRECT_URL', 'OIDC_SCOPES', 'OIDC_GROUP_MAP_FILE', 'OIDC_PROVIDER_NAME'];

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port nothing listens on now, for the gateway: the provider must know the callback URL before the stack starts. */
async function freePort(): Promise<number> {
  const s = http.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-oidc-'));
  const gatewayPort = await freePort();
  idp = http.createServer();
  issuer = `http://127.0.0.1:${await listen(idp)}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'cryoem-daq', client_secret: 'idp-client-secret-0123456789abcdef', token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`http://127.0.0.1:${gatewayPort}/ui/login/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'],
    }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    // Any login name is an account (the provider's development login page); rita is in the group that maps to R.
    // Any login is an account (the provider's development login page); its id is the subject, opaque like a real
    // provider's, while the user name comes from preferred_username. u-4711 is in the group that maps to R.
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, preferred_username: 'rita', name: 'Rita Researcher', groups: ['cryo-R-research', 'unrelated'] }) }),
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  idp.on('request', provider.callback());
  provider.on('server_error', (_ctx, err) => { idpErrors.push(String(err)); });
  await writeFile(join(dir, 'oidc-secret'), 'idp-client-secret-0123456789abcdef\n');
  await writeFile(join(dir, 'groups.json'), JSON.stringify({ groups: { 'cryo-R-research': [{ experiment: 'R', role: 'researcher' }] } }));
  Object.assign(process.env, {
    OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'cryoem-daq', OIDC_CLIENT_SECRET_FILE: join(dir, 'oidc-secret'),
    OIDC_REDIRECT_URL: `http://127.0.0.1:${gatewayPort}/ui/login/oidc/callback`, OIDC_SCOPES: 'openid profile groups',
    OIDC_GROUP_MAP_FILE: join(dir, 'groups.json'), OIDC_PROVIDER_NAME: 'Test IdP',
  });
  const [, started, launched] = await Promise.all([
    ensureDashboardBuilt(),
    startStack(loadStackConfig({ CRYOEM_DATA_DIR: join(dir, 'data'), STORE_PORT: '0', GATEWAY_PORT: String(gatewayPort), CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo'])),
    launchChromium(),
  ]);
  stack = started;
  browser = launched;
  const admin = `Basic ${Buffer.from(`${stack.credentials.gatewayUser}:${stack.credentials.gatewayPassword}`).toString('base64')}`;
  for (const name of ['R', 'Q']) {
    const res = await fetch(`${stack.gateway.url}/ui/api/access/experiments`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect(res.status).toBe(201);
    await stack.store.put(sessionParamsKey({ experiment: name, session: 's1' }), JSON.stringify({ particleDiameterA: 24 }));
  }
});

afterAll(async () => {
  for (const v of OIDC_VARS) Reflect.deleteProperty(process.env, v);
  await browser?.close();
  await stack?.stop();
  idp?.closeAllConnections();
  await new Promise((r) => idp?.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('OIDC login in chromium', () => {
  it('signs in through the provider\'s page and lands on the experiment her group makes her researcher of', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.gateway.url}/ui/`);
    await page.click('[data-testid="oidc-login"]');
    await page.waitForURL((u) => u.origin === issuer);
    await page.fill('input[name="login"]', 'u-4711');
    await page.fill('input[name="password"]', 'anything');
    await page.click('button.login-submit');
    await page.locator('button.login-submit', { hasText: 'Continue' }).click(); // the provider's consent page
    await page.waitForURL(`${stack.gateway.url}/ui/`);
    await expect.poll(() => page.locator('[data-testid="who"]').textContent(), { timeout: 15_000 }).toBe('Rita Researcher (rita)');
    const rows = page.locator('table.sessions tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe('R');

    const cookie = (await context.cookies()).find((c) => c.name === 'cryoem_session');
    const me = (await (await fetch(`${stack.gateway.url}/ui/api/me`, { headers: { cookie: `cryoem_session=${cookie?.value ?? ''}` } })).json()) as Me;
    expect(me.experiments.map((e) => [e.name, e.role])).toEqual([['R', 'researcher']]);
    expect(me.experiments[0].rights.upload).toEqual({ allow: false, reason: 'rita is researcher of experiment R, and a researcher may not upload into it' });
    // Linked by the provider's subject, with no local password.
    const user = (await createAccess(stack.store).state.current()).users.find((u) => u.name === 'rita');
    expect(user).toMatchObject({ oidc: { issuer, subject: 'u-4711' }, enabled: true, admin: false });
    expect(user?.password).toBeUndefined();
    expect(idpErrors).toEqual([]);
    await context.close();
  });

  it('refuses a callback that this browser did not start (no PKCE verifier cookie, or a tampered one)', async () => {
    for (const cookie of ['', 'cryoem_oidc=not-json']) {
      const res = await fetch(`${stack.gateway.url}/ui/login/oidc/callback?code=abc&state=xyz`, { headers: cookie ? { cookie } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).not.toMatch(/cryoem_session=[^;]/);
      expect(await res.text()).toContain('sign-in with Test IdP: no sign-in was started from this browser (or it took over 10 minutes)');
    }
  });
});
