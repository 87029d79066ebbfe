// alignSpectra (fused passes, row-pruned inverse FFT) against the textbook formulation of the same loop, and its scratch reuse.
import { describe, expect, it } from 'vitest';
import { createSpectrum, crossPowerSpectrum, fft2d, initFft, shiftSpectrum } from '../../../lib/fft/index.js';
import type { Spectrum2D } from '../../../lib/fft/index.js';
import { alignSpectra, applyIncrements, createAlignScratch, createPeakScratch, framePeak, resolveAlignment, searchRadiusAt, weightTable } from '../../../lib/motion/alignGlobal.js';
import type { AlignSpectraOptions, AlignSpectraResult } from '../../../lib/motion/alignGlobal.js';
import { subPixelPeak } from '../../../lib/motion/peak.js';
import { simulateMovie } from '../../../lib/synth/index.js';

async function stack(seed: number, width = 128, frames = 8): Promise<Spectrum2D[]> {
  await initFft();
  const sim = await simulateMovie({ width, frames, dosePerFrame: 3, seed, particleContrast: 0.5, iceNoise: 0.15, totalDriftPx: 6 });
  const plan = fft2d(width, width);
  return [...sim.frames()].map((f) => plan.forward(f));
}

/** The loop as reference §1.1 writes it: shiftSpectrum each frame, sum, conj(sum − frame)·frame, weight, full inverse, peak. */
function plainAlign(frames: Spectrum2D[], options: AlignSpectraOptions): AlignSpectraResult {
  const { width: w, height: h } = frames[0];
  const a = resolveAlignment(frames, options);
  const weight = weightTable(w, h, a.bfactor, a.scale);
  const plan = fft2d(w, h);
  let it = 0;
  let inc = Infinity;
  while (it < a.maxIterations && inc >= a.tolerance) {
    it++;
    const aligned = frames.map((f, i) => shiftSpectrum(f, -a.shifts[i].dx / a.scale[0], -a.shifts[i].dy / a.scale[1]));
    const ref = new Float32Array(frames[0].data.length);
    for (const f of aligned) f.data.forEach((v, j) => { ref[j] += v; });
    const radius = searchRadiusAt(a, it);
    const peaks = aligned.map((f) => {
      const cps = crossPowerSpectrum({ width: w, height: h, data: ref.map((v, j) => v - f.data[j]) }, f);
      weight.forEach((wt, j) => { cps.data[2 * j] *= wt; cps.data[2 * j + 1] *= wt; });
      return subPixelPeak(plan.inverse(cps), { searchRadius: radius });
    });
    inc = applyIncrements(a.shifts, peaks, a.scale);
  }
  return { shifts: a.shifts, iterations: it, converged: inc < a.tolerance, lastIncrement: inc };
}

describe('alignSpectra', () => {
  it.each([
    { name: 'patch settings', options: { bfactor: 150, scale: [4, 4] as [number, number], maxShift: 12, refineShift: 2, maxIterations: 5, tolerance: 0.1 } },
    { name: 'global settings, 2× crop', options: { bfactor: 150, scale: [2, 2] as [number, number] } },
    { name: 'defaults', options: {} },
  ])('returns the plain loop\'s shifts to 1e-4 px, with the same iterations ($name)', async ({ options }) => {
    const frames = await stack(2);
    const want = plainAlign(frames, options);
    const got = alignSpectra(frames, options);
    expect(got.iterations).toBe(want.iterations);
    expect(got.converged).toBe(want.converged);
    expect(want.shifts.some((s) => Math.hypot(s.dx, s.dy) > 0.5)).toBe(true);
    got.shifts.forEach((s, i) => {
      expect(Math.abs(s.dx - want.shifts[i].dx)).toBeLessThan(1e-4);
      expect(Math.abs(s.dy - want.shifts[i].dy)).toBeLessThan(1e-4);
    });
  });

  it('gives the same result with a scratch reused from another stack', async () => {
    const [a, b] = [await stack(3), await stack(4)];
    const scratch = createAlignScratch(128, 128, 8);
    const options = { bfactor: 150, scale: [2, 2] as [number, number] };
    alignSpectra(a, options, scratch);
    expect(alignSpectra(b, options, scratch)).toEqual(alignSpectra(b, options));
  });
});

describe('framePeak', () => {
  it.each([1, 3, 30, 1000])('finds the peak of the full correlation map exactly (search radius %i)', async (radius) => {
    const frames = await stack(5, 64, 4);
    const ref = new Float32Array(frames[0].data.length);
    for (const f of frames) f.data.forEach((v, j) => { ref[j] += v; });
    const A = frames[2].data;
    const weight = weightTable(64, 64, 150, [1, 1]);
    // conj(ref − A)·A·weight, each element in double and stored once (what framePeak transforms).
    const cps = createSpectrum(64, 64);
    weight.forEach((wt, j) => {
      const [ar, ai, dr, di] = [A[2 * j], A[2 * j + 1], ref[2 * j] - A[2 * j], ref[2 * j + 1] - A[2 * j + 1]];
      cps.data[2 * j] = (dr * ar + di * ai) * wt;
      cps.data[2 * j + 1] = (dr * ai - di * ar) * wt;
    });
    const got = framePeak(ref, A, weight, radius, createPeakScratch(64, 64));
    expect(got).toEqual(subPixelPeak(fft2d(64, 64).inverse(cps), { searchRadius: radius }));
  });
});
