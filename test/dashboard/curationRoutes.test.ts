// Curation API: thresholds re-judge at once; an override records the authenticated user and the time, and sticks.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curationRouter } from '../../dashboard/server/curationRoutes.js';
import { movieObjects } from '../lib/archive/movieFixture.js';
import { startStoreFixture } from '../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let server: Server;
let base = '';
const auth = `Basic ${Buffer.from('ana:secret').toString('base64')}`;
const send = (method: string, path: string, body: unknown) => fetch(`${base}${path}`, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: auth } });

beforeAll(async () => {
  fx = await startStoreFixture();
  // Movie i: mean defocus 1.45 + 0.1·i µm.
  for (let i = 0; i < 4; i++) for (const [k, v] of movieObjects({ experiment: 'e', session: 's', movie: `m${i}` }, null, 15000 + 1000 * i).objects) await fx.store.put(k, v);
  const app = express();
  app.use(express.json());
  app.use(curationRouter({ store: fx.store, now: () => new Date('2026-12-05T10:50:00Z') }));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fx.stop();
});

interface Judged { accepted: number; rejected: number; movies: { movie: string; decision: string; failing: { criterion: string }[]; override?: { by: string; at: string } }[] }

describe('curation routes', () => {
  it('PUT thresholds re-judges: counts change and rejected movies name their criterion', async () => {
    const j = (await (await send('PUT', '/sessions/e/s/curation/thresholds', { defocusUm: { max: 1.6 } })).json()) as Judged;
    expect([j.accepted, j.rejected]).toEqual([2, 2]);
    expect(j.movies.filter((m) => m.decision === 'rejected').map((m) => [m.movie, m.failing[0].criterion])).toEqual([['m2', 'defocus'], ['m3', 'defocus']]);
  });

  it('POST override records who (from auth) and when, and it sticks through a threshold change', async () => {
    await send('POST', '/sessions/e/s/curation/override', { movie: 'm3', decision: 'accepted', by: 'mallory' });
    await send('PUT', '/sessions/e/s/curation/thresholds', { defocusUm: { max: 1.5 } });
    const j = (await (await fetch(`${base}/sessions/e/s/curation`)).json()) as Judged;
    const m3 = j.movies.find((m) => m.movie === 'm3');
    expect(m3).toMatchObject({ decision: 'accepted', override: { by: 'ana', at: '2026-12-05T10:50:00.000Z' } });
    expect([j.accepted, j.rejected]).toEqual([2, 2]);
  });

  it('bad thresholds are a 400 naming the field', async () => {
    const res = await send('PUT', '/sessions/e/s/curation/thresholds', { maxAstigmatismA: -3 });
    expect(res.status).toBe(400);
  });
});
