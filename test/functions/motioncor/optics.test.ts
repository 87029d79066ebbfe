// motioncor takes optics from a person, else the microscope's files (EPU XML beside the movie, the TIFF header), else defaults,
// and its result JSON names the source of each value.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motioncor } from '../../../functions/motioncor/handler.js';
import { resultKey } from '../../../lib/events/pipeline.js';
import type { MovieRef } from '../../../lib/events/pipeline.js';
import { runStep } from '../../../lib/steps/index.js';
import { simulateMovie, writeSynthMovie } from '../../../lib/synth/index.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir = '';
let movie = new Uint8Array();
const xmlName = 'FoilHole_4567_Data_1234_5678_20261205_101233';
const fixtures = join(import.meta.dirname, '../../fixtures/metadata');
const shared = join(import.meta.dirname, '../../../../shared/data');
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

beforeAll(async () => {
  fx = await startStoreFixture();
  dir = await mkdtemp(join(tmpdir(), 'mc-optics-'));
  const sim = await simulateMovie({ width: 64, frames: 4, seed: 2, pixelSizeA: 1.25 });
  await writeSynthMovie(dir, sim, { name: 'm' });
  movie = new Uint8Array(await readFile(join(dir, 'm.tif')));
});
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

interface Sourced { value: unknown; source: string }
async function opticsOf(key: string, ref: MovieRef, params?: Record<string, unknown>): Promise<Record<string, Sourced>> {
  const out = await runStep(motioncor, { bucket: 'cryoem', key, force: false, ...(params ? { params } : {}) }, fx.store, { log: quiet });
  expect(out.status).toBe('done');
  const json = JSON.parse(new TextDecoder().decode(await fx.store.getBytes(resultKey('motioncor', ref))));
  return (json as { parameters: { optics: Record<string, Sourced> } }).parameters.optics;
}

describe('motioncor optics', () => {
  it('EPU XML beside the movie gives the optics; the folder and file names give grid square and foil hole', async () => {
    const base = `raw/e/epu/GridSquare_88/Data/${xmlName}`;
    await fx.store.put(`${base}_Fractions.tiff`, movie);
    await fx.store.put(`${base}.xml`, await readFile(join(fixtures, `${xmlName}.xml`)));
    const o = await opticsOf(`${base}_Fractions.tiff`, { experiment: 'e', session: 'epu', movie: `GridSquare_88/Data/${xmlName}_Fractions` });
    expect(o.pixelSizeA).toEqual({ value: expect.closeTo(0.83, 9), source: 'metadata:epu' });
    expect(o.voltageKv).toEqual({ value: 300, source: 'metadata:epu' });
    expect(o.dosePerFrame).toEqual({ value: expect.closeTo(1.2, 9), source: 'metadata:epu' });
    expect(o.acquiredAt.value).toBe('2026-12-05T10:12:33.4458226+01:00');
    expect(o.gridSquare.value).toBe('GridSquare_88');
    expect(o.foilHole.value).toBe('FoilHole_4567');
  }, 60_000);

  it('session.json set by a person beats the XML for the fields it names only', async () => {
    await fx.store.put('raw/e/mixed/m.tif', movie);
    await fx.store.put('raw/e/mixed/m.xml', await readFile(join(fixtures, `${xmlName}.xml`)));
    await fx.store.put('params/e/mixed/session.json', JSON.stringify({ pixelSizeA: 1.4 }));
    const o = await opticsOf('raw/e/mixed/m.tif', { experiment: 'e', session: 'mixed', movie: 'm' });
    expect(o.pixelSizeA).toEqual({ value: 1.4, source: 'session' });
    expect(o.voltageKv.source).toBe('metadata:epu');
  }, 60_000);

  it('no companion: the TIFF header pixel size is used and the rest are marked as defaults', async () => {
    await fx.store.put('raw/e/bare/m.tif', movie);
    const o = await opticsOf('raw/e/bare/m.tif', { experiment: 'e', session: 'bare', movie: 'm' });
    expect(o.pixelSizeA).toEqual({ value: expect.closeTo(1.25, 4), source: 'metadata:tiff' });
    expect(o.voltageKv).toEqual({ value: 300, source: 'default' });
    expect(o.dosePerFrame).toEqual({ value: 1, source: 'default' });
  }, 60_000);

  it('a real MRC movie with no cell in its header runs entirely on defaults, recorded as such', async () => {
    await fx.store.put('raw/e/real/hiv.mrc', await readFile(join(shared, 'cistem_hiv_images_shift_noise_80x80x10.mrc')));
    const o = await opticsOf('raw/e/real/hiv.mrc', { experiment: 'e', session: 'real', movie: 'hiv' });
    expect(o.pixelSizeA).toEqual({ value: 1, source: 'default' });
  }, 60_000);
});
