// The motioncor function through the shared step runner: raw movie (+ session gain) in, sums, thumbnails and result JSON out.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motioncor } from '../../../functions/motioncor/handler.js';
import { errorKey, resultKey } from '../../../lib/events/pipeline.js';
import { encodeMrc, readMrc } from '../../../lib/formats/mrc/index.js';
import { MotioncorResult } from '../../../lib/motion/index.js';
import { runStep } from '../../../lib/steps/index.js';
import { simulateMovie, writeSynthMovie } from '../../../lib/synth/index.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir = '';
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'mc-fn-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('motioncor function', () => {
  it('aligns a TIFF movie with the session gain and writes every output with a valid result JSON', async () => {
    const sim = await simulateMovie({ width: 256, frames: 12, dosePerFrame: 1.2, seed: 4, particleContrast: 0.5, iceNoise: 0.15, gainSpread: 0.1, totalDriftPx: 6 });
    const truth = await writeSynthMovie(dir, sim, { name: 'm1' });
    await fx.store.put('raw/e/s/m1.tif', new Uint8Array(await readFile(join(dir, 'm1.tif'))));
    await fx.store.put('params/e/s/gain.mrc', encodeMrc([sim.gain!], { mode: 2 }));
    const params = { pixelSizeA: 1.1, dosePerFrame: 1.2, voltageKv: 300, gain: { key: 'params/e/s/gain.mrc' } };
    const out = await runStep(motioncor, { bucket: 'cryoem', key: 'raw/e/s/m1.tif', force: false, params }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
    const json = MotioncorResult.parse(JSON.parse(text(await fx.store.getBytes(resultKey('motioncor', { experiment: 'e', session: 's', movie: 'm1' })))));
    expect(json.software.implementation).toBe('cpu');
    expect(json.outputs).toEqual(expect.arrayContaining(['m1.mrc', 'm1_noDW.mrc', 'm1.png', 'm1_drift.png'].map((f) => `processed/e/s/motioncor/${f}`)));
    const err = json.results.shifts.map(([dx, dy], i) => Math.hypot(dx - truth.shifts[i].dx, dy - truth.shifts[i].dy));
    expect(Math.max(...err)).toBeLessThan(1);
    const mrc = readMrc(await fx.store.getBytes('processed/e/s/motioncor/m1.mrc'), 'm1.mrc');
    expect(mrc.header.nx).toBe(256);
    expect(mrc.header.mode).toBe(2);
    expect(json.results.outputPixelSizeA).toBeCloseTo(1.1, 6);
  }, 30_000);

  it('a movie with one frame ends as a non-retryable error record naming it', async () => {
    const one = await simulateMovie({ width: 64, frames: 1, seed: 1 });
    await writeSynthMovie(dir, one, { name: 'm2', format: 'mrc' });
    await fx.store.put('raw/e/s/m2.mrc', new Uint8Array(await readFile(join(dir, 'm2.mrc'))));
    const out = await runStep(motioncor, { bucket: 'cryoem', key: 'raw/e/s/m2.mrc', force: false }, fx.store, { log: quiet });
    expect(out.status).toBe('failed');
    expect(out.httpStatus).toBe(400);
    const rec = JSON.parse(text(await fx.store.getBytes(errorKey('motioncor', { experiment: 'e', session: 's', movie: 'm2' })))) as { cause: string };
    expect(rec.cause).toMatch(/m2\.mrc": motion correction needs at least 2 frames, got 1/);
  });

  it('a truncated TIFF ends as an error record naming the object key once, without the temporary path', async () => {
    const sim = await simulateMovie({ width: 64, frames: 4, seed: 2 });
    await writeSynthMovie(dir, sim, { name: 'trunc' });
    const whole = await readFile(join(dir, 'trunc.tif'));
    await fx.store.put('raw/e/s/trunc.tif', new Uint8Array(whole.subarray(0, whole.length - 200)));
    const out = await runStep(motioncor, { bucket: 'cryoem', key: 'raw/e/s/trunc.tif', force: false }, fx.store, { log: quiet, tmpRoot: dir });
    expect(out.httpStatus).toBe(400);
    const rec = JSON.parse(text(await fx.store.getBytes(errorKey('motioncor', { experiment: 'e', session: 's', movie: 'trunc' })))) as { cause: string };
    // One statement: the key, then the parser's reason (no colon inside it), then "truncated", once.
    expect(rec.cause).toMatch(new RegExp(`^TIFF movie "raw/e/s/trunc\\.tif": [^:]+ \\(${whole.length - 200} bytes\\)[^:]*: truncated$`));
    expect(rec.cause).not.toContain(dir);
    expect(out.error).toBe(rec.cause);
  });
});
