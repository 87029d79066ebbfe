// The ctffind function through the shared step runner: aligned micrograph in, CTFFIND files and a valid result JSON out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctffind } from '../../../functions/ctffind/handler.js';
import { errorKey, resultKey } from '../../../lib/events/pipeline.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { CtffindResult, parseCtffindOutput, parseCtffindAvrot } from '../../../lib/ctf/index.js';
import { runStep } from '../../../lib/steps/index.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
beforeAll(async () => { fx = await startStoreFixture(); });
afterAll(async () => { await fx.stop(); });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const ref = { experiment: 'e', session: 's', movie: 'm1' };

describe('ctffind function', () => {
  it('fits the micrograph at its own pixel size with the session optics', async () => {
    // 0.8 Å/px micrograph; the session says 0.4 (super-resolution movie pixel, binned ×2 by motioncor).
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 0.8, seed: 2, ctf: { defocusUA: 18000, defocusVA: 17000, astigmatismAngleDeg: 25, voltageKv: 200 } });
    await fx.store.put('processed/e/s/motioncor/m1.mrc', encodeMrc([sim.image], { pixelSizeA: 0.8 }));
    await fx.store.put('processed/e/s/motioncor/m1.json', '{}');
    const out = await runStep(ctffind, { bucket: 'cryoem', key: 'processed/e/s/motioncor/m1.json', force: false, params: { pixelSizeA: 0.4, voltageKv: 200, minDefocusA: 3000 } }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
    const json = CtffindResult.parse(JSON.parse(text(await fx.store.getBytes(resultKey('ctffind', ref)))));
    expect(json.software).toEqual({ implementation: 'cpu', version: '1.1.0' });
    expect(json.parameters).toMatchObject({ pixelSizeA: 0.8, voltageKv: 200, minDefocusA: 3000 });
    expect(Math.abs(json.results.defocusU - 18000)).toBeLessThanOrEqual(90);
    expect(Math.abs(json.results.defocusV - 17000)).toBeLessThanOrEqual(85);
    expect(Math.abs(json.results.astigmatismAngle - 25)).toBeLessThanOrEqual(3);
    expect(json.outputs).toEqual(expect.arrayContaining(['processed/e/s/ctf/m1.txt', 'processed/e/s/ctf/m1_avrot.txt', 'processed/e/s/ctf/m1_spectrum.png']));
    const txt = parseCtffindOutput(text(await fx.store.getBytes('processed/e/s/ctf/m1.txt')));
    expect(txt.defocusU).toBeCloseTo(json.results.defocusU, 3);
    expect(parseCtffindAvrot(text(await fx.store.getBytes('processed/e/s/ctf/m1_avrot.txt'))).frequency.length).toBe(257);
  });

  it('a stack instead of one micrograph ends as a non-retryable error record', async () => {
    const im = { width: 64, height: 64, data: new Float32Array(64 * 64) };
    await fx.store.put('processed/e/s/motioncor/m2.mrc', encodeMrc([im, im], { pixelSizeA: 1 }));
    await fx.store.put('processed/e/s/motioncor/m2.json', '{}');
    const out = await runStep(ctffind, { bucket: 'cryoem', key: 'processed/e/s/motioncor/m2.json', force: false }, fx.store, { log: quiet });
    expect(out.status).toBe('failed');
    expect(out.httpStatus).toBe(400);
    const rec = JSON.parse(text(await fx.store.getBytes(errorKey('ctffind', { ...ref, movie: 'm2' })))) as { cause: string };
    expect(rec.cause).toContain('micrograph "processed/e/s/motioncor/m2.mrc": expected a single image (nz = 1), got a stack of 2');
  });
});
