// The DoG picker finds simulated particles (known centres) with recall and precision ≥ 0.9 at 0.2 × diameter, over densities and defoci.
import { describe, expect, it } from 'vitest';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { matchPicks, pickParticles } from '../../../lib/pick/index.js';

describe('pickParticles on simulated micrographs (40 e/Å², underfocus, dark particles)', () => {
  it.each([
    { size: 1024, apix: 1.5, diameterA: 150, defocusUA: 15000, count: 10 },
    { size: 1024, apix: 1.5, diameterA: 150, defocusUA: 25000, count: 40 },
    { size: 1024, apix: 2, diameterA: 180, defocusUA: 10000, count: 15 },
    { size: 1024, apix: 2, diameterA: 200, defocusUA: 30000, count: 20 },
    { size: 1024, apix: 1.5, diameterA: 150, defocusUA: 8000, count: 30 },
    { size: 1536, apix: 1.5, diameterA: 150, defocusUA: 15000, count: 60 },
  ])('$size² at $apix Å/px, $diameterA Å, defocus $defocusUA Å, $count particles', async ({ size, apix, diameterA, defocusUA, count }) => {
    const sim = await simulateMicrograph({ width: size, pixelSizeA: apix, particleDiameterA: diameterA, particleCount: count, ctf: { defocusUA }, totalDose: 40, seed: 3 });
    const truth = sim.truth.particles.centres;
    expect(truth.length).toBeGreaterThanOrEqual(0.9 * count);
    const r = await pickParticles(sim.image, { diameterA, pixelSizeA: apix });
    const m = matchPicks(r.picks, truth, (0.2 * diameterA) / apix);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('absolute threshold: the same picks as the σ threshold it equals', async () => {
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 8, seed: 5 });
    const a = await pickParticles(sim.image, { diameterA: 160, pixelSizeA: 2, threshold: 3 });
    const b = await pickParticles(sim.image, { diameterA: 160, pixelSizeA: 2, threshold: a.thresholdAbsolute, thresholdMode: 'absolute' });
    expect(b.thresholdSigma).toBeCloseTo(3, 6);
    expect(b.picks).toEqual(a.picks);
  });

  it('not inverting (bright particles expected) finds the gaps, not the particles', async () => {
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 8, seed: 5 });
    const normal = await pickParticles(sim.image, { diameterA: 160, pixelSizeA: 2 });
    const wrong = await pickParticles(sim.image, { diameterA: 160, pixelSizeA: 2, invert: false });
    const truth = sim.truth.particles.centres;
    expect(matchPicks(normal.picks, truth, 16).recall).toBeGreaterThanOrEqual(0.9);
    expect(matchPicks(wrong.picks, truth, 16).matched).toBe(0);
  });

  it('edge exclusion and the ice check remove what they should', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 2, particleDiameterA: 160, particleCount: 25, seed: 7 });
    // A dark disc of "thick ice" (radius 120 px) over the centre: much darker than any particle's surroundings.
    const img = sim.image;
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (Math.hypot(x - 512, y - 512) < 120) img.data[y * img.width + x] *= 0.5;
    const inIce = (p: { x: number; y: number }): boolean => Math.hypot(p.x - 512, p.y - 512) < 100;
    const plain = await pickParticles(img, { diameterA: 160, pixelSizeA: 2, maxPeaks: 1500 });
    const checked = await pickParticles(img, { diameterA: 160, pixelSizeA: 2, outlierSigma: 4 });
    expect(plain.picks.some(inIce)).toBe(true);
    expect(checked.picks.some(inIce)).toBe(false);
    expect(checked.outliersRemoved).toBeGreaterThan(0);
    const wideEdge = await pickParticles(img, { diameterA: 160, pixelSizeA: 2, edgeA: 400 });
    expect(wideEdge.picks.length).toBeGreaterThan(0);
    for (const p of wideEdge.picks) expect(Math.min(p.x, p.y, 1023 - p.x, 1023 - p.y)).toBeGreaterThanOrEqual(200 - 1);
  });

  it('rejects a diameter too small or too large for the micrograph, naming the values', async () => {
    const img = { width: 256, height: 256, data: new Float32Array(256 * 256) };
    await expect(pickParticles(img, { diameterA: 3, pixelSizeA: 1 })).rejects.toThrow('pick: particle diameter 3 Å is 3.0 px at 1 Å/px; it must be ≥ 4 px and smaller than the 256×256 micrograph');
    await expect(pickParticles(img, { diameterA: 256, pixelSizeA: 1 })).rejects.toThrow('is 256.0 px at 1 Å/px; it must be ≥ 4 px and smaller than the 256×256');
    await expect(pickParticles(img, { diameterA: 150, pixelSizeA: 0 })).rejects.toThrow('pick: particle diameter and pixel size must be > 0 Å, got 150 Å and 0 Å/px');
  });
});
