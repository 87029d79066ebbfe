import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../gateway/app.js';
import { AUTH_PASSWORD_FILE, AUTH_USER_FILE, loadCredentials } from '../../../gateway/auth/basicAuth.js';
import type { FunctionManager } from '../../../gateway/functions/startFunctions.js';
import type { AsyncQueue } from '../../../gateway/queue/asyncQueue.js';
import { createLogger } from '../../../lib/log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-auth-'));
const servers: http.Server[] = [];

// Auth sits in front of every route, so an app without functions is enough: past auth, /function/x is a 404.
const noFunctions: FunctionManager = { names: () => [], get: () => undefined, waitAllReady: async () => {}, stop: async () => {} };
const noQueue = { depth: () => ({ queued: 0, inflight: 0 }) } as unknown as AsyncQueue;

async function serve(authFunctions: boolean): Promise<string> {
  const ui = Router();
  ui.get('/', (_req, res) => void res.send('dashboard'));
  const app = createApp({
    functions: noFunctions,
    queue: noQueue,
    log: createLogger('test', {}, () => {}),
    credentials: await loadCredentials(dir),
    authFunctions,
    upstreamTimeoutMs: 1000,
    replicaWaitMs: 100,
    maxAsyncBodyBytes: 1024,
    extraRouters: [{ path: '/ui', router: ui }],
  });
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

let guarded: string;
let openFunctions: string;

beforeAll(async () => {
  writeFileSync(path.join(dir, AUTH_USER_FILE), 'admin\n');
  writeFileSync(path.join(dir, AUTH_PASSWORD_FILE), 's3cret\n');
  guarded = await serve(true);
  openFunctions = await serve(false);
});

afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('basic auth', () => {
  it.each(['/system/functions', '/function/x', '/async-function/x', '/ui/'])('%s without credentials → 401 with a Basic challenge', async (route) => {
    const res = await fetch(guarded + route, { method: route.startsWith('/async') ? 'POST' : 'GET' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Restricted"');
    expect(await res.json()).toEqual({ error: 'basic auth: missing Authorization: Basic header', type: 'UnauthorizedError' });
  });

  it.each([
    ['admin', 'wrong'],
    ['root', 's3cret'],
    ['admin', 's3cret2'],
  ])('user %s password %s → 401', async (user, password) => {
    const res = await fetch(`${guarded}/system/functions`, { headers: basic(user, password) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('basic auth: wrong user or password');
  });

  it('lets the right credentials through (trailing newline of the secret files trimmed)', async () => {
    expect((await fetch(`${guarded}/system/functions`, { headers: basic('admin', 's3cret') })).status).toBe(200);
    expect((await fetch(`${guarded}/function/x`, { headers: basic('admin', 's3cret') })).status).toBe(404);
    expect(await (await fetch(`${guarded}/ui/`, { headers: basic('admin', 's3cret') })).text()).toBe('dashboard');
  });

  it('leaves /healthz open', async () => {
    expect((await fetch(`${guarded}/healthz`)).status).toBe(200);
  });

  it('guards only /system/* when function auth is off, as OpenFaaS CE does', async () => {
    expect((await fetch(`${openFunctions}/function/x`)).status).toBe(404);
    expect((await fetch(`${openFunctions}/system/functions`)).status).toBe(401);
  });

  it('fails to load when a secret file is missing, naming it', async () => {
    await expect(loadCredentials(path.join(dir, 'nope'))).rejects.toThrow(`basic auth: secret file "${path.join(dir, 'nope', AUTH_USER_FILE)}" missing or empty`);
  });
});
