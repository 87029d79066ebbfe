// DoseAccumulator: plain and dose-weighted sums of shifted and unshifted frames against the direct formula.
import { describe, expect, it } from 'vitest';
import { DoseAccumulator } from '../../../lib/motion/index.js';
import { doseWeightTables } from '../../../lib/motion/doseWeight.js';

describe('DoseAccumulator', () => {
  it('sums frames moved by their phase ramps, or not moved, with weights exp(−dose·a) nested frame by frame', () => {
    const w = 8;
    const h = 6;
    const half = w / 2 + 1;
    const opts = { pixelSizeA: 1.1, dosePerFrame: 1.5, preExposure: 0.5 };
    // Three frames (row-major half-plane spectra), added last first; frame 1 is not shifted (as a warped frame is not).
    const frames = [0, 1, 2].map((f) => Float32Array.from({ length: 2 * half * h }, (_, i) => Math.sin(1.7 * i + f) + 0.3 * f));
    const shifts = [{ dx: 0.75, dy: -1.25 }, { dx: 0, dy: 0 }, { dx: -2, dy: 0.5 }];
    const acc = new DoseAccumulator(w, h, opts);
    for (let f = 2; f >= 0; f--) {
      acc.nextFrame(shifts[f].dx, shifts[f].dy);
      acc.add(frames[f]);
    }
    const { plain, weighted } = acc.finish();
    const { a } = doseWeightTables(w, h, opts, 3); // a per frequency, column-major (kx · h + ky)
    for (let kx = 0; kx < half; kx++) {
      for (let ky = 0; ky < h; ky++) {
        const fy = ky < h / 2 ? ky : ky - h;
        let pr = 0;
        let pi = 0;
        let dr = 0;
        let di = 0;
        frames.forEach((F, f) => {
          const t = -2 * Math.PI * ((kx * shifts[f].dx) / w + (fy * shifts[f].dy) / h);
          const re = F[2 * (ky * half + kx)];
          const im = F[2 * (ky * half + kx) + 1];
          const vr = re * Math.cos(t) - im * Math.sin(t);
          const vi = re * Math.sin(t) + im * Math.cos(t);
          const q = Math.exp(-(opts.preExposure + opts.dosePerFrame * (f + 1)) * a[kx * h + ky]);
          pr += vr;
          pi += vi;
          dr += q * vr;
          di += q * vi;
        });
        const j = kx * h + ky;
        expect(plain[2 * j]).toBeCloseTo(pr, 5);
        expect(plain[2 * j + 1]).toBeCloseTo(pi, 5);
        expect(weighted[2 * j]).toBeCloseTo(dr, 5);
        expect(weighted[2 * j + 1]).toBeCloseTo(di, 5);
      }
    }
  });
});
