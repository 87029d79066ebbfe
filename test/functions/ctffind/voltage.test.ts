// ctffind fits at the voltage motioncor read from the movie's metadata (the micrograph header has none), unless a person set one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctffind } from '../../../functions/ctffind/handler.js';
import { resultKey, sessionParamsKey } from '../../../lib/events/pipeline.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { CtffindResult } from '../../../lib/ctf/index.js';
import { runStep } from '../../../lib/steps/index.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
beforeAll(async () => {
  fx = await startStoreFixture();
  // A 200 kV micrograph; motioncor recorded the voltage from the EPU XML (no session.json: the default would be 300 kV).
  const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 1, seed: 3, ctf: { defocusUA: 18000, defocusVA: 17000, astigmatismAngleDeg: 25, voltageKv: 200 } });
  for (const session of ['v', 'p']) {
    await fx.store.put(`processed/e/${session}/motioncor/m.mrc`, encodeMrc([sim.image], { pixelSizeA: 1 }));
    await fx.store.put(`processed/e/${session}/motioncor/m.json`, JSON.stringify({ parameters: { optics: { voltageKv: { value: 200, source: 'metadata:epu' } } } }));
  }
  // Session p: a person typed 300 kV, which wins over the metadata.
  await fx.store.put(sessionParamsKey({ experiment: 'e', session: 'p' }), JSON.stringify({ voltageKv: 300 }));
}, 60_000);
afterAll(async () => { await fx.stop(); });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const run = async (session: string) => {
  const out = await runStep(ctffind, { bucket: 'cryoem', key: `processed/e/${session}/motioncor/m.json`, force: false }, fx.store, { log: quiet });
  expect(out.status).toBe('done');
  return JSON.parse(new TextDecoder().decode(await fx.store.getBytes(resultKey('ctffind', { experiment: 'e', session, movie: 'm' })))) as CtffindResult & { parameters: { voltageSource?: string } };
};

describe('ctffind voltage', () => {
  it('uses the metadata voltage motioncor recorded and finds the simulated defocus', async () => {
    const json = await run('v');
    expect(json.parameters).toMatchObject({ voltageKv: 200, voltageSource: 'metadata:epu' });
    // Truth of the simulator; at the 300 kV default the same rings read as a defocus about 26 % higher (next test).
    expect(Math.abs(CtffindResult.parse(json).results.defocusU - 18000)).toBeLessThanOrEqual(150);
  });

  it('a voltage a person set wins over the metadata', async () => {
    const j = await run('p');
    expect(j.parameters).toMatchObject({ voltageKv: 300, voltageSource: 'session' });
    // The fit really used 300 kV: the rings of 18000 Å at 200 kV read as defocus × λ(200)/λ(300) (Cs aside).
    const lambda = (kv: number) => 12.2643 / Math.sqrt(kv * 1000 * (1 + 0.978466e-6 * kv * 1000));
    const expected = 18000 * lambda(200) / lambda(300);
    expect(Math.abs(CtffindResult.parse(j).results.defocusU / expected - 1)).toBeLessThan(0.03);
  });
});
