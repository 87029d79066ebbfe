import { describe, expect, it } from 'vitest';
import { fitLocalModel, localShift, warpLocal } from '../../../lib/motion/index.js';
import { applyLocalMotion, createRng, localShiftAt, randomLocalMotion } from '../../../lib/synth/index.js';

describe('fitLocalModel', () => {
  it('recovers a RELION-order polynomial exactly from noise-free 5×5 patch tracks', () => {
    const truth = randomLocalMotion(createRng(4), 16, 4);
    const tracks = [];
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 5; i++) {
        const x = (i + 0.5) * 204.8;
        const y = (j + 0.5) * 204.8;
        tracks.push({ x, y, shifts: Array.from({ length: 16 }, (_, z) => localShiftAt(truth, z, x, y, 1024, 1024)) });
      }
    }
    const fit = fitLocalModel(tracks, 1024, 1024);
    expect(fit.rmsdPx).toBeLessThan(1e-4);
    for (const [z, x, y] of [[15, 0, 0], [7, 1000, 30], [3, 500, 900]]) {
      const a = localShift(fit, z, x, y, 1024, 1024);
      const b = localShiftAt(truth, z, x, y, 1024, 1024);
      expect(a.dx).toBeCloseTo(b.dx, 3);
      expect(a.dy).toBeCloseTo(b.dy, 3);
    }
  });
});

describe('warpLocal', () => {
  it('undoes the synth local warp to within interpolation error on a smooth image (away from the wrapped edges)', () => {
    const n = 128;
    const img = { width: n, height: n, data: new Float32Array(n * n) };
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) img.data[y * n + x] = Math.sin((2 * Math.PI * x) / 32) * Math.cos((2 * Math.PI * y) / 64);
    const model = randomLocalMotion(createRng(2), 10, 3);
    const back = warpLocal(applyLocalMotion(img, model, 9), model, 9, { width: n, height: n });
    let e = 0;
    let e0 = 0;
    const moved = applyLocalMotion(img, model, 9);
    // Edges are excluded: both warps wrap circularly, where the polynomial field is discontinuous.
    for (let y = 8; y < n - 8; y++) {
      for (let x = 8; x < n - 8; x++) {
        const i = y * n + x;
        e += (back.data[i] - img.data[i]) ** 2;
        e0 += (moved.data[i] - img.data[i]) ** 2;
      }
    }
    // Residual from two bilinear passes and evaluating the field at the output pixel: well under 10 % of the warp's effect.
    expect(Math.sqrt(e / e0)).toBeLessThan(0.1);
  });
});
