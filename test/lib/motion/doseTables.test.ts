// Dose-weighting tables: the 'columns' layout holds the same values as the row layout, and the closed forms match the direct sums.
import { describe, expect, it } from 'vitest';
import { doseStepTable, doseWeightTables, halfInverseCriticalExposure, squaredWeightSum } from '../../../lib/motion/doseWeight.js';

const exposure = { pixelSizeA: 0.83, dosePerFrame: 1.1, preExposure: 2, voltageKv: 200 };

describe('dose-weighting tables', () => {
  it.each([[16, 16], [24, 10], [10, 9], [512, 384]])('gives a %i×%i spectrum\'s a, r and Σq² column-major with the row layout\'s values to within 2e-7', (w, h) => {
    const rows = halfInverseCriticalExposure(w, h, exposure);
    const rowR = doseStepTable(rows, exposure.dosePerFrame);
    const rowQ2 = squaredWeightSum(rows, exposure, 7);
    const { a, r, q2 } = doseWeightTables(w, h, exposure, 7);
    const half = (w >> 1) + 1;
    // Interpolated radially (doseWeightTables): within 2e-7 of the direct values (float32 holds 6e-8).
    let worst = 0;
    for (let ky = 0; ky < h; ky++) {
      for (let kx = 0; kx < half; kx++) {
        for (const [got, want] of [[a, rows], [r, rowR], [q2, rowQ2]]) {
          const g = got[kx * h + ky];
          const e = want[ky * half + kx];
          worst = Math.max(worst, e === 0 ? Math.abs(g) : Math.abs(g - e) / Math.abs(e));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(2e-7);
  });

  it('has Σq² equal to the frame-by-frame sum of exp(−N_i/Ne), N_i the dose at the end of frame i, and 1/(2Ne) from Grant & Grigorieff', () => {
    const { a, q2 } = doseWeightTables(32, 32, exposure, 12);
    const kvf = 0.002 * (200 - 200) + 0.8;
    for (const [kx, ky] of [[0, 0], [1, 0], [3, 5], [16, 16], [7, 31]]) {
      const k = Math.hypot(kx / (32 * exposure.pixelSizeA), (ky < 16 ? ky : ky - 32) / (32 * exposure.pixelSizeA));
      const ne = k > 0 ? kvf * (0.245 * k ** -1.665 + 2.81) : Infinity;
      const j = kx * 32 + ky;
      expect(a[j]).toBeCloseTo(1 / (2 * ne), 6);
      let direct = 0;
      for (let i = 0; i < 12; i++) direct += Math.exp(-(exposure.preExposure + exposure.dosePerFrame * (i + 1)) / ne);
      expect(q2[j] / direct).toBeCloseTo(1, 5);
    }
  });
});
