// Saving curation from the dashboard rewrites the session's RELION STAR files in the bucket: the selected STAR lists
// exactly the accepted movies, RELION 3.1 reads it, and it is byte-for-byte what finalize writes for the same decision.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curationRouter } from '../../dashboard/server/curationRoutes.js';
import { createFinalizeStep } from '../../functions/finalize/handler.js';
import { ArchiveConfig } from '../../lib/archive/index.js';
import { resultKey } from '../../lib/events/pipeline.js';
import { getStarTable, parseStar, starColumn } from '../../lib/formats/star/index.js';
import { runStep } from '../../lib/steps/index.js';
import { movieObjects } from '../lib/archive/movieFixture.js';
import { startStoreFixture } from '../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let server: Server;
let base = '';
let dir = '';
const session = { experiment: 'e', session: 's' };
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const movies = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];
const STAR_NAMES = ['movies.star', 'micrographs_ctf.star', 'autopick.star', 'micrographs_selected.star', 'autopick_selected.star'];
const auth = `Basic ${Buffer.from('ana:secret').toString('base64')}`;
const send = (method: string, path: string, body: unknown) => fetch(`${base}${path}`, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: auth } });
const finalizeStep = () => createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }));
const bucketText = async (name: string) => new TextDecoder().decode(await fx.store.getBytes(`processed/e/s/${name}`));
const selected = async () => starColumn(getStarTable(parseStar(await bucketText('micrographs_selected.star'), 'sel'), 'micrographs', 'sel'), 'rlnMicrographName', 'sel');
const relion = (cmd: string, args: string[]): string => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  fx = await startStoreFixture();
  dir = await mkdtemp(join(tmpdir(), 'curation-export-'));
  // Movie i: defocusU 15000 + 1000·i Å, defocusV 1000 Å less → mean defocus 1.45 + 0.1·i µm.
  for (const [i, movie] of movies.entries()) {
    for (const [k, v] of movieObjects({ ...session, movie }, new Uint8Array(50 + i).fill(i), 15000 + 1000 * i).objects) await fx.store.put(k, v);
  }
  for (const movie of movies) {
    const out = await runStep(finalizeStep(), { bucket: 'cryoem', key: resultKey('pick', { ...session, movie }), force: false }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
  }
  const app = express();
  app.use(express.json());
  app.use(curationRouter({ store: fx.store, now: () => new Date('2026-12-05T18:30:00Z') }));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fx.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('curation saved from the dashboard re-exports the STAR files', () => {
  it('before any threshold, finalize listed every movie as selected', async () => {
    expect(await selected()).toEqual(movies.map((m) => `motioncor/${m}.mrc`));
  });

  it('a threshold saved through the API leaves exactly the accepted movies in micrographs_selected.star, and RELION reads it', async () => {
    // Mean defocus ≤ 1.6 µm: m0 (1.45) and m1 (1.55) by the fixture's formula.
    const res = await send('PUT', '/sessions/e/s/curation/thresholds', { defocusUm: { max: 1.6 } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { exported: { accepted: number; rejected: number; keys: string[]; skipped: unknown[] } };
    expect(body.exported).toMatchObject({ accepted: 2, rejected: 4, skipped: [] });
    expect(body.exported.keys.map((k) => k.slice('processed/e/s/'.length)).sort()).toEqual([...STAR_NAMES].sort());
    expect(await selected()).toEqual(['motioncor/m0.mrc', 'motioncor/m1.mrc']);
    const coords = getStarTable(parseStar(await bucketText('autopick_selected.star'), 'c'), 'coordinate_files', 'c');
    expect(starColumn(coords, 'rlnMicrographCoordinates', 'c')).toEqual(['picks/m0.star', 'picks/m1.star']);
    // micrographs_ctf.star keeps all six, with their optics group.
    const all = parseStar(await bucketText('micrographs_ctf.star'), 'all');
    expect(getStarTable(all, 'micrographs', 'all').rows).toHaveLength(movies.length);
    expect(getStarTable(all, 'optics', 'all').rows).toHaveLength(1);

    await writeFile(join(dir, 'micrographs_selected.star'), await bucketText('micrographs_selected.star'));
    relion('relion_star_handler', ['--i', 'micrographs_selected.star', '--o', 'handled.star']);
    const handled = parseStar(await readFile(join(dir, 'handled.star'), 'utf8'), 'h');
    expect(starColumn(getStarTable(handled, 'micrographs', 'h'), 'rlnMicrographName', 'h')).toEqual(['motioncor/m0.mrc', 'motioncor/m1.mrc']);
    expect(getStarTable(handled, 'optics', 'h').rows).toHaveLength(1);
    expect(relion('relion_star_printtable', ['micrographs_selected.star', 'data_micrographs', 'rlnDefocusU']).trim().split('\n').map(Number)).toEqual([15000, 16000]);
  });

  it('an override saved through the API is in the STAR file at once, the same bytes finalize writes for that decision', async () => {
    const res = await send('POST', '/sessions/e/s/curation/override', { movie: 'm5', decision: 'accepted' });
    expect(res.status).toBe(200);
    expect(await selected()).toEqual(['motioncor/m0.mrc', 'motioncor/m1.mrc', 'motioncor/m5.mrc']);
    const fromDashboard = await Promise.all(STAR_NAMES.map(bucketText));
    // finalize again (from its archive records): the bucket files must not change.
    const out = await runStep(finalizeStep(), { bucket: 'cryoem', key: resultKey('pick', { ...session, movie: 'm3' }), force: true }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
    expect(await Promise.all(STAR_NAMES.map(bucketText))).toEqual(fromDashboard);
  });

  it('a session with nothing finalized writes no STAR file', async () => {
    const res = await send('PUT', '/sessions/e/empty/curation/thresholds', { defocusUm: { max: 1.6 } });
    expect(((await res.json()) as { exported: unknown }).exported).toEqual({ accepted: 0, rejected: 0, keys: [], skipped: [] });
    expect(await fx.store.head('processed/e/empty/micrographs_selected.star')).toBeNull();
  });
});
