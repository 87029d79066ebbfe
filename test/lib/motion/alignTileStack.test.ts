import { describe, expect, it } from 'vitest';
import { fft2d, initFft } from '../../../lib/fft/index.js';
import type { Spectrum2D } from '../../../lib/fft/index.js';
import { alignSpectra } from '../../../lib/motion/alignGlobal.js';
import { alignTileStack, createTileStackScratch } from '../../../lib/motion/alignTileStack.js';
import { simulateMovie } from '../../../lib/synth/index.js';

async function stack(seed: number): Promise<Spectrum2D[]> {
  await initFft();
  const sim = await simulateMovie({ width: 128, frames: 8, dosePerFrame: 3, seed, particleContrast: 0.5, iceNoise: 0.15, totalDriftPx: 6 });
  const plan = fft2d(128, 128);
  return [...sim.frames()].map((f) => plan.forward(f));
}

describe('alignTileStack', () => {
  it.each([
    { name: 'patch settings', options: { bfactor: 150, scale: [4, 4] as [number, number], maxShift: 12, refineShift: 2, maxIterations: 5, tolerance: 0.1 } },
    { name: 'defaults', options: {} },
  ])('returns the shifts of alignSpectra to float rounding, with the same iterations ($name)', async ({ options }) => {
    const frames = await stack(2);
    const want = alignSpectra(frames, options);
    const got = alignTileStack(frames, options);
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
    const scratch = createTileStackScratch(128, 128, 8);
    const options = { bfactor: 150, scale: [2, 2] as [number, number] };
    alignTileStack(a, options, scratch);
    expect(alignTileStack(b, options, scratch)).toEqual(alignTileStack(b, options));
  });
});
