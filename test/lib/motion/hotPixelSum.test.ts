// The first pass's hot-pixel sum: 8-bit counts in 16-bit lanes equal the plain float sum × gain, whatever the path.
import { describe, expect, it } from 'vitest';
import { HotPixelSum, scanCounts } from '../../../lib/motion/hotPixelSum.js';
import { packPairs } from '../../../lib/motion/framePacking.js';
import { detectHotPixels } from '../../../lib/gain/index.js';

/** Deterministic counts up to `max`, a few bright. */
function counts(n: number, seed: number, max = 255): Uint8Array {
  return Uint8Array.from({ length: n }, (_, p) => ((p * 7 + seed * 13) % 41 === 0 ? max : (p * 31 + seed * 17) % 5));
}

function direct(frames: ArrayLike<number>[], gain: Float32Array | null): Float64Array {
  const out = new Float64Array(frames[0].length);
  for (const f of frames) for (let p = 0; p < out.length; p++) out[p] += f[p] * (gain ? gain[p] : 1);
  return out;
}

describe('HotPixelSum', () => {
  it.each([[656, false], [655, false], [656, true], [655, true]])('sums %i-pixel 8-bit frames (gain %s) as Σ count × gain, and packs and scans them like packPairs', (n, withGain) => {
    const gain = withGain ? Float32Array.from({ length: n }, (_, p) => 0.9 + 0.01 * p) : null;
    const frames = [0, 1, 2].map((i) => counts(n, i));
    const sum = new HotPixelSum(n, frames.length, gain);
    for (const f of frames) {
      const nibbles = new Uint8Array((n + 1) >> 1);
      const seen = sum.addCounts(f, nibbles);
      const expected = new Uint8Array((n + 1) >> 1);
      packPairs(f, expected);
      expect(Array.from(nibbles)).toEqual(Array.from(expected));
      expect(seen.or).toBe(f.reduce((a, b) => a | b, 0));
      // Every bright pixel's pair is listed (fewer than 1 pixel in 32 are bright here), and only those.
      const bright = new Set(Array.from(f.keys()).filter((p) => f[p] > 15).map((p) => p & ~1));
      expect(bright.size).toBeGreaterThan(5);
      expect(new Set(seen.pairs)).toEqual(bright);
    }
    const want = direct(frames, gain);
    const got = sum.total();
    for (let p = 0; p < n; p++) expect(Math.abs(got[p] - want[p])).toBeLessThanOrEqual(1e-6 * want[p]); // float32 rounding of the sum
  });

  it('takes a frame at an odd byte offset (no 16-bit view) the same way', () => {
    const backing = new Uint8Array(17);
    backing.set(counts(16, 4), 1);
    const odd = backing.subarray(1);
    const a = new HotPixelSum(16, 1, null);
    const b = new HotPixelSum(16, 1, null);
    const na = new Uint8Array(8);
    const nb = new Uint8Array(8);
    a.addCounts(odd, na);
    b.addCounts(odd.slice(), nb);
    expect(Array.from(a.total())).toEqual(Array.from(odd));
    expect(Array.from(na)).toEqual(Array.from(nb));
  });

  it('sums in floats past 257 frames (a 16-bit lane would wrap), and adds float frames to 8-bit ones', () => {
    const many = new HotPixelSum(4, 300, null);
    for (let i = 0; i < 300; i++) many.addCounts(Uint8Array.of(255, 1, 0, 255), null);
    expect(Array.from(many.total())).toEqual([76500, 300, 0, 76500]);
    const mixed = new HotPixelSum(3, 2, Float32Array.of(2, 1, 0.5));
    mixed.addCounts(Uint8Array.of(3, 4, 5), null);
    mixed.add(Float32Array.of(300, 0.5, 2));
    expect(Array.from(mixed.total())).toEqual([606, 4.5, 3.5]);
  });

  it('scans without a sum when hot-pixel detection is off, and leaves the list out when over 1 pixel in 32 is bright', () => {
    const f = counts(64, 2);
    const nibbles = new Uint8Array(32);
    expect(scanCounts(f, null, nibbles).or).toBe(f.reduce((a, b) => a | b, 0));
    const bright = Uint8Array.from({ length: 64 }, (_, p) => (p % 8 === 0 ? 40 : 1));
    expect(scanCounts(bright, null, nibbles).pairs).toBeUndefined();
    expect(scanCounts(bright.map((v, p) => (p === 8 ? 40 : 1)), null, nibbles).pairs).toEqual(Int32Array.of(8));
  });

  it.each([[4097, null], [4096, null], [4097, 'gain'], [4096, 'float frame']])('finds the hot pixels of a %i-pixel sum (%s) exactly as detectHotPixels does on the float sum', (n, extra) => {
    const gain = extra === 'gain' ? Float32Array.from({ length: n }, (_, p) => 0.95 + 0.001 * (p % 100)) : null;
    const sum = new HotPixelSum(n, 12, gain);
    for (let i = 0; i < 12; i++) {
      // Poisson-like counts 0–4, with three pixels (one the odd last) far brighter in every frame.
      const f = Uint8Array.from({ length: n }, (_, p) => (p === 17 || p === 2048 || p === n - 1 ? 30 : (p * 31 + i * 17 + ((p * p) % 7)) % 5));
      sum.addCounts(f, null);
    }
    if (extra === 'float frame') sum.add(new Float32Array(n).fill(0.5));
    const want = detectHotPixels({ width: n, height: 1, data: sum.total() }, { sigmas: 6 });
    expect(Array.from(want)).toEqual([17, 2048, n - 1]);
    expect(Array.from(sum.hotPixels(n, 1, 6))).toEqual(Array.from(want));
  });
});
