// The pick function through the shared step runner: ctf result in, coordinate STAR, preview PNG and result JSON out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pick } from '../../../functions/pick/handler.js';
import { resultKey } from '../../../lib/events/pipeline.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { getStarTable, parseStar } from '../../../lib/formats/star/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { PickResult, matchPicks } from '../../../lib/pick/index.js';
import { runStep } from '../../../lib/steps/index.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
beforeAll(async () => { fx = await startStoreFixture(); });
afterAll(async () => { await fx.stop(); });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('pick function', () => {
  it('picks the motion-corrected micrograph when the ctf result lands, with the session diameter', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 2, particleDiameterA: 180, particleCount: 20, seed: 4 });
    await fx.store.put('processed/e/s/motioncor/m1.mrc', encodeMrc([sim.image], { pixelSizeA: 2 }));
    await fx.store.put('processed/e/s/ctf/m1.json', '{}');
    const out = await runStep(pick, { bucket: 'cryoem', key: 'processed/e/s/ctf/m1.json', force: false, params: { particleDiameterA: 180 } }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
    const json = JSON.parse(text(await fx.store.getBytes(resultKey('pick', { experiment: 'e', session: 's', movie: 'm1' })))) as { results: unknown; software: unknown; outputs: string[] };
    const result = PickResult.parse(json.results);
    expect(result.parameters).toMatchObject({ diameterA: 180, pixelSizeA: 2 });
    expect(result.statedDiameterA).toBe(180);
    expect(result.warnings).toEqual([]);
    expect(json.software).toEqual({ implementation: 'cpu-dog', version: result.version });
    expect(json.outputs).toEqual(expect.arrayContaining(['processed/e/s/picks/m1.star', 'processed/e/s/picks/m1_picks.png']));
    const star = getStarTable(parseStar(text(await fx.store.getBytes('processed/e/s/picks/m1.star')), 'm1.star'), '', 'm1.star');
    expect(star.rows.length).toBe(result.count);
    const picks = star.rows.map((r) => ({ x: Number(r[0]), y: Number(r[1]) }));
    const m = matchPicks(picks, sim.truth.particles.centres, 36);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    const png = await fx.store.getBytes('processed/e/s/picks/m1_picks.png');
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
  });

  it('records where the pixel size came from: the micrograph header motioncor wrote, else the session', async () => {
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 120, particleCount: 6, seed: 9 });
    const sourceOf = async (session: string, headerA: number, sessionA: number) => {
      const mrc = encodeMrc([sim.image], { pixelSizeA: headerA || 1 });
      // MRC2014 words 11–13 (bytes 40–51) are CELLA: zero means "no pixel size", as some writers leave it.
      if (headerA === 0) new DataView(mrc.buffer, mrc.byteOffset).setFloat32(40, 0, true);
      await fx.store.put(`processed/e/${session}/motioncor/m1.mrc`, mrc);
      await fx.store.put(`processed/e/${session}/ctf/m1.json`, '{}');
      const out = await runStep(pick, { bucket: 'cryoem', key: `processed/e/${session}/ctf/m1.json`, force: false, params: { particleDiameterA: 120, pixelSizeA: sessionA } }, fx.store, { log: quiet });
      expect(out.status).toBe('done');
      const json = JSON.parse(text(await fx.store.getBytes(resultKey('pick', { experiment: 'e', session, movie: 'm1' })))) as { parameters: { pixelSizeA: number; pixelSizeSource: string } };
      return json.parameters;
    };
    expect(await sourceOf('hdr', 2, 1.3)).toMatchObject({ pixelSizeA: 2, pixelSizeSource: 'micrograph header (motioncor)' });
    // A header with no pixel size (cella 0) falls back to the session's.
    expect(await sourceOf('nohdr', 0, 1.3)).toMatchObject({ pixelSizeA: 1.3, pixelSizeSource: 'session' });
  });

  it('uses the session pickThreshold: a higher one keeps fewer picks, all above it, and the result records it', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 2, particleDiameterA: 180, particleCount: 20, seed: 4 });
    await fx.store.put('processed/e/t/motioncor/m1.mrc', encodeMrc([sim.image], { pixelSizeA: 2 }));
    await fx.store.put('processed/e/t/ctf/m1.json', '{}');
    const runAt = async (pickThreshold: number): Promise<{ result: PickResult; scores: number[]; xy: { x: number; y: number }[] }> => {
      const out = await runStep(pick, { bucket: 'cryoem', key: 'processed/e/t/ctf/m1.json', force: true, params: { particleDiameterA: 180, pickThreshold } }, fx.store, { log: quiet });
      expect(out.status).toBe('done');
      const json = JSON.parse(text(await fx.store.getBytes(resultKey('pick', { experiment: 'e', session: 't', movie: 'm1' })))) as { results: unknown };
      const star = getStarTable(parseStar(text(await fx.store.getBytes('processed/e/t/picks/m1.star')), 'm1.star'), '', 'm1.star');
      return { result: PickResult.parse(json.results), scores: star.rows.map((r) => Number(r[2])), xy: star.rows.map((r) => ({ x: Number(r[0]), y: Number(r[1]) })) };
    };
    const low = await runAt(0.1);
    const high = await runAt(0.6);
    // 0–1 maps linearly onto 2–22 σ: 0.1 → 4 σ (the picker's default), 0.6 → 14 σ.
    expect(low.result.thresholds).toMatchObject({ pickThreshold: 0.1, sigma: 4, mode: 'sigma' });
    expect(high.result.thresholds).toMatchObject({ pickThreshold: 0.6, sigma: 14, mode: 'sigma' });
    expect(matchPicks(low.xy, sim.truth.particles.centres, 36).recall).toBeGreaterThanOrEqual(0.9);
    expect(high.result.count).toBeGreaterThan(0);
    expect(high.result.count).toBeLessThan(low.result.count);
    expect(Math.min(...high.scores)).toBeGreaterThanOrEqual(14);
    // What the higher threshold keeps is still particles, not noise.
    expect(matchPicks(high.xy, sim.truth.particles.centres, 36).precision).toBe(1);
  });
});
