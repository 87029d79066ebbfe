// Dashboard login on the real embedded stack: the form, the HttpOnly/SameSite session cookie acting as the user on
// /ui/api (filtered and checked like Basic), CSRF checks on the form and on cookie writes, logout, disabling.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import type { Me } from '../../dashboard/server/authRights.js';
import type { SessionSummary } from '../../dashboard/server/types.js';
import { createAccess, SESSION_PREFIX } from '../../lib/access/index.js';
import type { AuditEntry } from '../../lib/access/index.js';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import { waitFor } from '../e2e/helpers/waitFor.js';

let dir: string;
let stack: RunningStack;
let admin: string;
let url: string;
const hour = 3600_000;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const post = (auth: string, path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
const cookieOf = (res: Response) => /^cryoem_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
const withCookie = (id: string, path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { redirect: 'manual', ...init, headers: { cookie: `cryoem_session=${id}`, ...(init.headers ?? {}) } });

async function login(user: string, password: string): Promise<string> {
  const res = await form('/ui/login', { user, password, next: '/ui/' });
  expect(res.status, await res.text()).toBe(303);
  return cookieOf(res);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-login-'));
  stack = await startStack(loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo']));
  url = stack.gateway.url;
  admin = basic(stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
  const now = Date.now();
  for (const name of ['alice', 'dave']) expect((await post(admin, '/ui/api/access/users', { name, password: `${name}-password` })).status).toBe(201);
  for (const name of ['A', 'B']) {
    expect((await post(admin, '/ui/api/access/experiments', { name, windows: [{ microscope: 'krios', from: new Date(now - hour).toISOString(), to: new Date(now + hour).toISOString() }] })).status).toBe(201);
  }
  for (const [exp, user] of [['A', 'alice'], ['B', 'dave']]) expect((await post(admin, `/ui/api/access/experiments/${exp}/members`, { user, role: 'operator' })).status).toBe(200);
  for (const experiment of ['A', 'B']) await stack.store.put(sessionParamsKey({ experiment, session: 's1' }), JSON.stringify({ particleDiameterA: 24 }));
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard login', () => {
  it('sends a browser without credentials to the login page, while the API still answers 401 JSON', async () => {
    const nav = await fetch(`${url}/ui/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(nav.status).toBe(302);
    expect(nav.headers.get('location')).toBe('/ui/login?next=%2Fui%2F');
    const page = await fetch(`${url}/ui/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<input id="password" name="password" type="password"');
    const api = await fetch(`${url}/ui/api/sessions`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses a wrong password with the login page again, and audits the refusal', async () => {
    const res = await form('/ui/login', { user: 'alice', password: 'nope', next: '/ui/' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Wrong user name or password, or the account is disabled.');
    const audit = (await (await fetch(`${url}/ui/api/access/audit`, { headers: { authorization: admin } })).json()) as { entries: AuditEntry[] };
    expect(audit.entries.some((e) => e.who === 'alice' && e.action === 'login' && e.outcome === 'refused' && e.reason === 'basic auth: wrong user or password')).toBe(true);
  });

  it('sets an HttpOnly, SameSite=Lax cookie scoped to /ui whose hash, not value, is in the bucket', async () => {
    const res = await form('/ui/login', { user: 'alice', password: 'alice-password', next: '/ui/#/s/A/s1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui/#/s/A/s1');
    const header = res.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/^cryoem_session=[A-Za-z0-9_-]{43}; Path=\/ui; HttpOnly; SameSite=Lax; Max-Age=43\d{3}$/); // 12 h = 43200 s, no Secure over http
    const id = cookieOf(res);
    expect(await stack.store.head(`${SESSION_PREFIX}${createHash('sha256').update(id).digest('hex')}.json`)).not.toBeNull();
    // Another replica (its own Access on the same bucket, nothing shared in memory) knows the session.
    expect((await createAccess(stack.store).sessions.resolve(id))?.name).toBe('alice');
  });

  it('acts as the user on /ui/api with the cookie alone: only her experiments, 403 elsewhere', async () => {
    const id = await login('alice', 'alice-password');
    await waitFor(async () => ((await (await fetch(`${url}/ui/api/sessions`, { headers: { authorization: admin } })).json()) as { sessions: SessionSummary[] }).sessions.length >= 2 || null, 'both sessions indexed');
    const mine = (await (await withCookie(id, '/ui/api/sessions')).json()) as { sessions: SessionSummary[] };
    expect(mine.sessions.map((s) => s.experiment)).toEqual(['A']);
    const other = await withCookie(id, '/ui/api/sessions/B/s1/params');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: string }).error).toBe('alice is not a member of experiment B');
    // The page itself, not the login redirect (503 only says dashboard/dist is not built in this checkout).
    expect([200, 503]).toContain((await withCookie(id, '/ui/', { headers: { accept: 'text/html' } })).status);
  });

  it('tells the page who is logged in and what decide() allows per experiment (GET /ui/api/me)', async () => {
    const id = await login('alice', 'alice-password');
    const me = (await (await withCookie(id, '/ui/api/me')).json()) as Me;
    expect([me.name, me.admin, me.session]).toEqual(['alice', false, true]);
    expect(me.experiments.map((e) => [e.name, e.role, e.rights.upload.allow, e.rights.addCollaborator.allow])).toEqual([['A', 'operator', true, true]]);
    const adminMe = (await (await fetch(`${url}/ui/api/me`, { headers: { authorization: admin } })).json()) as Me;
    expect([adminMe.admin, adminMe.session, adminMe.experiments.map((e) => e.name)]).toEqual([true, false, ['A', 'B']]);
  });

  it('keeps the same-origin check on cookie writes', async () => {
    const id = await login('alice', 'alice-password');
    const body = JSON.stringify({ particleDiameterA: 30 });
    const json = { 'content-type': 'application/json' };
    const cross = await withCookie(id, '/ui/api/sessions/A/s1/params', { method: 'PUT', body, headers: { ...json, origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: string }).error).toBe(`PUT /sessions/A/s1/params: Origin "https://evil.example" is not the dashboard's origin ${url}`);
    const own = await withCookie(id, '/ui/api/sessions/A/s1/params', { method: 'PUT', body, headers: { ...json, origin: url, 'sec-fetch-site': 'same-origin' } });
    expect(own.status, await own.clone().text()).toBe(200);
  });

  it('refuses a cross-site login form and never redirects off the dashboard', async () => {
    const cross = await form('/ui/login', { user: 'alice', password: 'alice-password' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('set-cookie')).toBeNull();
    for (const next of ['//evil.example/ui/', 'https://evil.example/', '/system/functions']) {
      const res = await form('/ui/login', { user: 'alice', password: 'alice-password', next });
      expect(res.headers.get('location')).toBe('/ui/');
    }
  });

  it('logs the admin account in too, with the admin API behind it', async () => {
    const id = await login(stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
    expect((await withCookie(id, '/ui/api/access/state')).status).toBe(200);
    // The cookie is for the dashboard only: /system keeps its basic auth.
    expect((await withCookie(id, '/system/functions')).status).toBe(401);
  });

  it('ends the session everywhere on logout: 401 JSON (no password dialog) on the API, the login page on navigation', async () => {
    const id = await login('alice', 'alice-password');
    const out = await withCookie(id, '/ui/logout', { method: 'POST', headers: { origin: url } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toBe('cryoem_session=; Path=/ui; HttpOnly; SameSite=Lax; Max-Age=0');
    const api = await withCookie(id, '/ui/api/sessions');
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toBeNull();
    expect((await withCookie(id, '/ui/', { headers: { accept: 'text/html' } })).headers.get('location')).toBe('/ui/login?next=%2Fui%2F');
  });

  it('ends a disabled user\'s open sessions at once', async () => {
    const id = await login('dave', 'dave-password');
    expect((await withCookie(id, '/ui/api/sessions')).status).toBe(200);
    const put = await fetch(`${url}/ui/api/access/users/dave`, { method: 'PUT', headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
    expect(put.status).toBe(200);
    await waitFor(async () => (await withCookie(id, '/ui/api/sessions')).status === 401 || null, 'disabled user refused');
  });

  it('keeps Basic for scripts: a wrong password is still a 401 with the Basic challenge', async () => {
    const res = await fetch(`${url}/ui/api/sessions`, { headers: { authorization: basic('alice', 'nope') } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Restricted"');
    expect((await fetch(`${url}/ui/api/sessions`, { headers: { authorization: basic('alice', 'alice-password') } })).status).toBe(200);
  });
});
