import { describe, expect, it } from 'vitest';
import type { Image2D } from '../../../lib/image.js';
import { localShift } from '../../../lib/motion/localModel.js';
import { warpLocal } from '../../../lib/motion/warpLocal.js';
import type { WarpLocalOptions } from '../../../lib/motion/warpLocal.js';
import { createRng, randomLocalMotion } from '../../../lib/synth/index.js';

type Model = { coeffX: number[]; coeffY: number[] };

/** The documented rule, pixel by pixel: field (+ offset) on the 16-px grid, bilinear between grid points, bilinear sample with circular wrap. */
function referenceWarp(img: Image2D, model: Model, z: number, o: WarpLocalOptions): Float32Array {
  const { width: w, height: h, data } = img;
  const k = o.pixelScale ?? 1;
  const gw = Math.ceil(w / 16) + 1;
  const gh = Math.ceil(h / 16) + 1;
  const at = (i: number, j: number): [number, number] => {
    const d = localShift(model, z, i * 16 * k, j * 16 * k, o.width, o.height);
    return [(d.dx + (o.offset?.dx ?? 0)) / k, (d.dy + (o.offset?.dy ?? 0)) / k];
  };
  const px = (x: number, y: number): number => data[(((y % h) + h) % h) * w + (((x % w) + w) % w)];
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const gj = Math.min(gh - 2, Math.floor(y / 16));
    const ty = y / 16 - gj;
    for (let x = 0; x < w; x++) {
      const gi = Math.min(gw - 2, Math.floor(x / 16));
      const tx = x / 16 - gi;
      const [c00, c10, c01, c11] = [at(gi, gj), at(gi + 1, gj), at(gi, gj + 1), at(gi + 1, gj + 1)];
      const l = [0, 1].map((a) => (1 - ty) * ((1 - tx) * c00[a] + tx * c10[a]) + ty * ((1 - tx) * c01[a] + tx * c11[a]));
      const sx = x + l[0];
      const sy = y + l[1];
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const ax = sx - x0;
      const ay = sy - y0;
      out[y * w + x] = (1 - ay) * ((1 - ax) * px(x0, y0) + ax * px(x0 + 1, y0)) + ay * ((1 - ax) * px(x0, y0 + 1) + ax * px(x0 + 1, y0 + 1));
    }
  }
  return out;
}

function randomImage(w: number, h: number, seed: number): Image2D {
  const rng = createRng(seed);
  return { width: w, height: h, data: Float32Array.from({ length: w * h }, () => rng.normal()) };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('warpLocal', () => {
  // The offsets wrap many pixels across the edges; 250×190 leaves a partial last grid cell on both axes.
  it.each([
    { w: 256, h: 192, scale: 1, offset: { dx: -37.25, dy: 101.6 } },
    { w: 250, h: 190, scale: 1, offset: { dx: 12.5, dy: -3.3 } },
    { w: 256, h: 192, scale: 2, offset: { dx: 250.2, dy: -61.9 } },
  ])('matches the per-pixel reference on a random $w×$h image (pixelScale $scale)', ({ w, h, scale, offset }) => {
    const img = randomImage(w, h, 1);
    const model = randomLocalMotion(createRng(9), 20, 8);
    const opts = { width: w * scale, height: h * scale, pixelScale: scale, offset };
    const ref = referenceWarp(img, model, 17, opts);
    const got = warpLocal(img, model, 17, opts);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of img.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(got.width).toBe(w);
    expect(got.height).toBe(h);
    expect(maxDiff(got.data, ref)).toBeLessThan(1e-4 * (hi - lo));
  });

  it('writes into `out` when given and returns an image over it, with the same values', () => {
    const img = randomImage(256, 192, 2);
    const model = randomLocalMotion(createRng(4), 20, 5);
    const opts = { width: 256, height: 192, offset: { dx: 3.2, dy: -1.7 } };
    const out = new Float32Array(256 * 192).fill(Number.NaN);
    const got = warpLocal(img, model, 11, { ...opts, out });
    expect(got.data).toBe(out);
    expect([got.width, got.height]).toEqual([256, 192]);
    expect(Array.from(out)).toEqual(Array.from(warpLocal(img, model, 11, opts).data));
  });

  it('rejects an `out` of the wrong length or overlapping the input memory', () => {
    const buf = new Float32Array(2 * 64 * 64);
    const img = { width: 64, height: 64, data: buf.subarray(0, 64 * 64) };
    const model = randomLocalMotion(createRng(4), 10, 2);
    const opts = { width: 64, height: 64 };
    expect(() => warpLocal(img, model, 3, { ...opts, out: new Float32Array(100) })).toThrow('warpLocal: out has 100 values, expected 64×64 = 4096');
    expect(() => warpLocal(img, model, 3, { ...opts, out: buf.subarray(64, 64 + 64 * 64) })).toThrow('warpLocal: out must not share memory with the input image');
    // The other half of the same buffer does not overlap the input: accepted.
    const other = buf.subarray(64 * 64);
    expect(warpLocal(img, model, 3, { ...opts, out: other }).data).toBe(other);
  });

  it('rejects a displacement as large as the image', () => {
    const img = randomImage(64, 64, 3);
    expect(() => warpLocal(img, { coeffX: new Array(18).fill(0), coeffY: new Array(18).fill(0) }, 1, { width: 64, height: 64, offset: { dx: 70, dy: 0 } }))
      .toThrow('warpLocal: frame 1 displacement up to 70.0 px does not fit a 64×64 image');
  });
});
