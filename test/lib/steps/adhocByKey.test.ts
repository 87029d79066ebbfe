// Steps by key on inputs outside the pipeline's layout: outputs under the ad-hoc prefix, no topic triggered, and chaining on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctffind } from '../../../functions/ctffind/handler.js';
import { motioncor } from '../../../functions/motioncor/handler.js';
import { pick } from '../../../functions/pick/handler.js';
import { CtffindResult } from '../../../lib/ctf/index.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { functionsForKey, loadStack } from '../../../lib/stack/index.js';
import type { LoadedStack } from '../../../lib/stack/index.js';
import { createStepHandler, runStep } from '../../../lib/steps/index.js';
import type { HandlerContext } from '../../../lib/steps/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { mrcMovie } from '../../e2e/helpers/movies.js';
import { startStoreFixture } from '../mirror/storeFixture.js';
import type { StoreFixture } from '../mirror/storeFixture.js';

let fx: StoreFixture;
let stack: LoadedStack;
beforeAll(async () => {
  fx = await startStoreFixture();
  stack = await loadStack('stack.yml', {});
});
afterAll(async () => { await fx.stop(); });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of fx.store.list(prefix)) keys.push(o.key);
  return keys;
}

/** The functions stack.yml would invoke for any of `keys` (the connector routes events by these topics). */
function triggered(keys: string[]): string[] {
  return keys.flatMap((k) => functionsForKey(stack, k));
}

function recorder(): HandlerContext & { code: number; value: unknown } {
  const ctx = {
    code: 200,
    value: undefined as unknown,
    status(code: number) { ctx.code = code; return ctx; },
    succeed(value: unknown) { ctx.value = value; return value; },
  };
  return ctx;
}

describe('steps by key on any input of their kind', () => {
  it('ctffind on a micrograph of its own: defocus of that micrograph, outputs under processed/adhoc/<caller>/<call-id>/, nothing triggered', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 1.0, seed: 7, ctf: { defocusUA: 15000, defocusVA: 14000, astigmatismAngleDeg: 40, voltageKv: 300 } });
    await fx.store.put('uploads/alice/mic1.mrc', encodeMrc([sim.image], { pixelSizeA: 1.0 }));
    const handler = createStepHandler(ctffind, { store: fx.store, log: quiet, link: async (k) => `link:${k}` });
    const ctx = recorder();
    await handler({ body: { bucket: 'cryoem', key: 'uploads/alice/mic1.mrc', params: { voltageKv: 300, csMm: 2.7, minDefocusA: 5000 } }, headers: { 'x-caller': 'alice', 'x-call-id': 'c1' } }, ctx);
    expect(ctx.code).toBe(200);
    const answer = ctx.value as { results: unknown; outputs: string[]; resultKey: string; links: Record<string, string> };
    const results = CtffindResult.shape.results.parse(answer.results);
    expect(Math.abs(results.defocusU - 15000)).toBeLessThanOrEqual(100);
    expect(Math.abs(results.defocusV - 14000)).toBeLessThanOrEqual(100);
    expect(answer.resultKey).toBe('processed/adhoc/alice/c1/ctf/mic1.json');
    expect(answer.outputs.sort()).toEqual(['processed/adhoc/alice/c1/ctf/mic1.txt', 'processed/adhoc/alice/c1/ctf/mic1_avrot.txt', 'processed/adhoc/alice/c1/ctf/mic1_spectrum.png']);
    expect(answer.links['processed/adhoc/alice/c1/ctf/mic1_spectrum.png']).toBe('link:processed/adhoc/alice/c1/ctf/mic1_spectrum.png');
    const written = await keysUnder('processed/');
    expect(written.sort()).toEqual([...answer.outputs, answer.resultKey].sort());
    expect(triggered(written)).toEqual([]);
  });

  it('motioncor on a movie outside raw/ and pick on a micrograph: ad-hoc outputs, nothing triggered; a bad param names its field', async () => {
    await fx.store.put('elsewhere/mov1.mrc', mrcMovie(128, 6, 3));
    const mc = await runStep(motioncor, { bucket: 'cryoem', key: 'elsewhere/mov1.mrc', force: false, params: { pixelSizeA: 1.2, dosePerFrame: 1.5, patches: [1, 1] } }, fx.store, { log: quiet, caller: 'bob', callId: 'm1' });
    expect(mc.status).toBe('done');
    expect(mc.resultKey).toBe('processed/adhoc/bob/m1/motioncor/mov1.json');
    const mcJson = JSON.parse(text(await fx.store.getBytes(mc.resultKey))) as { parameters: { pixelSizeA: number; dosePerFrame: number } };
    expect(mcJson.parameters).toMatchObject({ pixelSizeA: 1.2, dosePerFrame: 1.5 });
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 8, seed: 5 });
    await fx.store.put('elsewhere/mic2.mrc', encodeMrc([sim.image], { pixelSizeA: 2 }));
    const pk = await runStep(pick, { bucket: 'cryoem', key: 'elsewhere/mic2.mrc', force: false, params: { particleDiameterA: 160 } }, fx.store, { log: quiet, caller: 'bob', callId: 'p1' });
    expect(pk.status).toBe('done');
    expect(await keysUnder('processed/adhoc/bob/p1/')).toEqual(['processed/adhoc/bob/p1/picks/mic2.json', 'processed/adhoc/bob/p1/picks/mic2.star', 'processed/adhoc/bob/p1/picks/mic2_picks.png']);
    expect(triggered([...(await keysUnder('processed/adhoc/bob/'))])).toEqual([]);
    const bad = await runStep(pick, { bucket: 'cryoem', key: 'elsewhere/mic2.mrc', force: false, params: { pixelSizeA: -1 } }, fx.store, { log: quiet, caller: 'bob', callId: 'p2' });
    expect(bad.httpStatus).toBe(400);
    expect(bad.error).toContain('request params: pixelSizeA: ');
  });

  it('refuses a non-input kind, and an explicit prefix whose result would trigger the next step without "chain"', async () => {
    const tif = await runStep(ctffind, { bucket: 'cryoem', key: 'elsewhere/mov1.tif', force: false }, fx.store, { log: quiet });
    expect(tif.httpStatus).toBe(400);
    expect(tif.error).toBe('key "elsewhere/mov1.tif": not an input of step ctffind (it takes its pipeline trigger or any MRC micrograph (.mrc))');
    const pipe = await runStep(ctffind, { bucket: 'cryoem', key: 'elsewhere/mic2.mrc', force: false, output: 'processed/e/s/' }, fx.store, { log: quiet });
    expect(pipe.httpStatus).toBe(400);
    expect(pipe.error).toContain('its result "processed/e/s/ctf/mic2.json" would trigger pick');
  });

  it('with "chain": true the outputs trigger the next step, which runs on them', async () => {
    const mc = await runStep(motioncor, { bucket: 'cryoem', key: 'elsewhere/mov1.mrc', force: false, chain: true, params: { pixelSizeA: 1.2, patches: [1, 1] } }, fx.store, { log: quiet, caller: 'carol', callId: 'k1' });
    expect(mc.resultKey).toBe('processed/adhoc-carol/k1/motioncor/mov1.json');
    expect(functionsForKey(stack, mc.resultKey)).toEqual(['ctffind']);
    // What the connector does with that event: call ctffind with the key; it finds the micrograph and the session's optics.
    const ct = await runStep(ctffind, { bucket: 'cryoem', key: mc.resultKey, force: false, params: { box: 128, minResA: 10 } }, fx.store, { log: quiet });
    expect(ct.status).toBe('done');
    expect(ct.resultKey).toBe('processed/adhoc-carol/k1/ctf/mov1.json');
    expect(JSON.parse(text(await fx.store.getBytes('params/adhoc-carol/k1/session.json')))).toMatchObject({ pixelSizeA: 1.2 });

    const ct2 = await runStep(ctffind, { bucket: 'cryoem', key: 'elsewhere/mic2.mrc', force: false, chain: true, params: { pixelSizeA: 2, particleDiameterA: 160 } }, fx.store, { log: quiet, caller: 'carol', callId: 'k2' });
    expect(ct2.status).toBe('done');
    expect(functionsForKey(stack, ct2.resultKey)).toEqual(['pick']);
    const pk = await runStep(pick, { bucket: 'cryoem', key: ct2.resultKey, force: false }, fx.store, { log: quiet });
    expect(pk.status).toBe('done');
    expect(await fx.store.head('processed/adhoc-carol/k2/picks/mic2.star')).not.toBeNull();
  });
});
