// Fourier crop/pad of band-limited images equals the exactly resampled image.
import { describe, it, expect, beforeAll } from 'vitest';
import { fft2d, initFft, fourierCrop, fourierPad } from '../../../lib/fft/index.js';
import type { Image2D } from '../../../lib/image.js';

/** A real trig polynomial with periods w×h (cycles per image), sampled on an n×m grid covering it. */
function sample(terms: [number, number, number, number][], n: number, m: number): Image2D {
  const data = new Float32Array(n * m);
  for (let y = 0; y < m; y++) {
    for (let x = 0; x < n; x++) {
      let v = 0.5;
      for (const [fx, fy, amp, phase] of terms) v += amp * Math.cos(2 * Math.PI * ((fx * x) / n + (fy * y) / m) + phase);
      data[y * n + x] = v;
    }
  }
  return { width: n, height: m, data };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

beforeAll(async () => {
  await initFft();
});

describe('fourierCrop', () => {
  it('of a band-limited 128×192 image equals its exact 64×96 down-sampled version (incl. a cosine at the new Nyquist)', () => {
    const terms: [number, number, number, number][] = [[3, -5, 1, 0.3], [10, 7, 0.5, 1.1], [0, 20, 0.25, 2], [31, -23, 0.2, -0.4], [32, 0, 0.3, 0], [5, 48, 0.3, 0], [7, -47, 0.1, 0.5]];
    const fine = sample(terms, 128, 192);
    const coarse = sample(terms, 64, 96);
    const cropped = fft2d(64, 96).inverse(fourierCrop(fft2d(128, 192).forward(fine), 64, 96));
    expect(maxAbsDiff(cropped.data, coarse.data)).toBeLessThan(1e-5);
  });
});

describe('fourierPad', () => {
  it('of a band-limited 64×32 image equals the function sampled on the 128×96 grid', () => {
    const terms: [number, number, number, number][] = [[3, -5, 1, 0.3], [10, 7, 0.5, 1.1], [31, -15, 0.2, -0.4]];
    const padded = fft2d(128, 96).inverse(fourierPad(fft2d(64, 32).forward(sample(terms, 64, 32)), 128, 96));
    expect(maxAbsDiff(padded.data, sample(terms, 128, 96).data)).toBeLessThan(1e-5);
  });

  it('rejects a target smaller than the spectrum', () => {
    const spec = fft2d(64, 32).forward(sample([], 64, 32));
    expect(() => fourierPad(spec, 32, 32)).toThrow('fourierPad: target 32×32 is smaller than the spectrum 64×32');
  });
});
