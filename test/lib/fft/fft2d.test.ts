// Checks the 2-D FFT against a direct O(N²) DFT, its round trip, and its size validation.
import { describe, it, expect, beforeAll } from 'vitest';
import { fft2d, createFft2d, initFft, spectrumIndex, signedFrequency } from '../../../lib/fft/index.js';
import { InvalidInputError } from '../../../lib/errors.js';
import type { Image2D } from '../../../lib/image.js';

function randomImage(w: number, h: number, seed: number): Image2D {
  let s = seed >>> 0;
  const data = new Float32Array(w * h);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return { width: w, height: h, data };
}

/** Direct DFT coefficient F(kx, ky) = Σ f(x,y) exp(−2πi(kx x/w + ky y/h)), in float64. */
function dft(img: Image2D, kx: number, ky: number): [number, number] {
  let re = 0;
  let im = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const a = -2 * Math.PI * ((kx * x) / img.width + (ky * y) / img.height);
      const v = img.data[y * img.width + x];
      re += v * Math.cos(a);
      im += v * Math.sin(a);
    }
  }
  return [re, im];
}

beforeAll(async () => {
  await initFft();
});

describe('fft2d', () => {
  it.each([
    [64, 96],
    [160, 32],
    [96, 64],
    [32, 480],
  ])('matches a direct DFT on %i×%i to 1e-5 relative', (w, h) => {
    const img = randomImage(w, h, w * 7 + h);
    const spec = fft2d(w, h).forward(img);
    let maxErr = 0;
    let maxRef = 0;
    for (let ky = 0; ky < h; ky++) {
      for (let kx = 0; kx <= w / 2; kx++) {
        const [re, im] = dft(img, kx, ky);
        const i = spectrumIndex(spec, kx, ky);
        maxErr = Math.max(maxErr, Math.hypot(spec.data[i] - re, spec.data[i + 1] - im));
        maxRef = Math.max(maxRef, Math.hypot(re, im));
      }
    }
    expect(maxErr / maxRef).toBeLessThan(1e-5);
  });

  it('puts a pure cosine at the expected (kx, negative ky) coefficients', () => {
    const w = 64;
    const h = 96;
    const img: Image2D = { width: w, height: h, data: new Float32Array(w * h) };
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data[y * w + x] = Math.cos(2 * Math.PI * ((3 * x) / w - (5 * y) / h));
    const spec = fft2d(w, h).forward(img);
    const i = spectrumIndex(spec, 3, h - 5);
    expect(signedFrequency(h - 5, h)).toBe(-5);
    expect(spec.data[i]).toBeCloseTo((w * h) / 2, 1);
    expect(Math.abs(spec.data[spectrumIndex(spec, 3, 5)])).toBeLessThan(1e-2);
  });

  it.each([
    [64, 96],
    [480, 160],
    [256, 256],
  ])('round-trips %i×%i: inverse(forward(x)) == x', (w, h) => {
    const img = randomImage(w, h, 3);
    const plan = fft2d(w, h);
    const back = plan.inverse(plan.forward(img));
    let maxErr = 0;
    for (let i = 0; i < img.data.length; i++) maxErr = Math.max(maxErr, Math.abs(back.data[i] - img.data[i]));
    expect(maxErr).toBeLessThan(1e-5);
  });

  it('reuses a caller-provided output and does not alter the input', () => {
    const img = randomImage(64, 64, 9);
    const copy = img.data.slice();
    const plan = fft2d(64, 64);
    const spec = plan.forward(img);
    const again = plan.forward(img, spec);
    expect(again).toBe(spec);
    expect(img.data).toEqual(copy);
  });

  it.each([
    [4092, 4096, 'FFT width must be a multiple of 32 with no prime factor other than 2, 3, 5, got 4092 (nearest valid: 4096)'],
    [64, 7 * 32, 'FFT height must be a multiple of 32 with no prime factor other than 2, 3, 5, got 224 (nearest valid: 256)'],
    [0, 64, 'got 0'],
  ])('rejects %i×%i with an InvalidInputError and the module stays usable', async (w, h, msg) => {
    expect(() => fft2d(w, h)).toThrow(InvalidInputError);
    expect(() => fft2d(w, h)).toThrow(msg);
    await expect(createFft2d(w, h)).rejects.toThrow(msg);
    // The WASM module was never called with the bad size: a valid transform still works.
    const back = fft2d(32, 32).inverse(fft2d(32, 32).forward(randomImage(32, 32, 1)));
    expect(back.data.length).toBe(1024);
  });

  it('rejects an image whose size does not match the plan', () => {
    expect(() => fft2d(64, 64).forward(randomImage(64, 96, 1))).toThrow('FFT input image: expected 64×64 (4096 values), got 64×96 (6144 values)');
  });
});
