// CSRF defence of the dashboard's writes: cross-origin or form-typed requests are refused before any route runs.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameOriginWrites } from '../../dashboard/server/sameOrigin.js';

let server: Server;
let base = '';
let reached = 0;

beforeAll(async () => {
  const app = express();
  app.use(sameOriginWrites(/\/gain$/));
  app.use((_req, res) => { reached++; res.json({ ok: true }); });
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (path: string, headers: Record<string, string>, body = '{}') => fetch(base + path, { method: 'POST', headers, body });

describe('sameOriginWrites', () => {
  it('refuses a cross-origin reprocess POST (Origin or Sec-Fetch-Site) with 403 before the route runs', async () => {
    const before = reached;
    const a = await post('/sessions/e/s/reprocess', { 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(a.status).toBe(403);
    expect(((await a.json()) as { error: string }).error).toBe(`POST /sessions/e/s/reprocess: Origin "https://evil.example" is not the dashboard's origin ${base}`);
    const b = await post('/sessions/e/s/reprocess', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' });
    expect(b.status).toBe(403);
    expect(reached).toBe(before);
  });

  it('refuses form-capable content types with 415 and admits same-origin JSON', async () => {
    const form = await post('/sessions/e/s/reprocess', { 'content-type': 'text/plain', origin: base }, '{"all":true}');
    expect(form.status).toBe(415);
    const gainAsForm = await fetch(`${base}/sessions/e/s/gain?name=g.mrc`, { method: 'PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x' });
    expect(gainAsForm.status).toBe(415);
    expect((await post('/sessions/e/s/reprocess', { 'content-type': 'application/json', origin: base, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await fetch(`${base}/sessions/e/s/gain?name=g.mrc`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: 'x' })).status).toBe(200);
  });
});
