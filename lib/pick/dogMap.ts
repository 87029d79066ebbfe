// Difference-of-Gaussians map of a working-size spectrum (particles positive) and its robust normalisation.
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { createSpectrum, fft2d, signedFrequency, spectrumColumns } from '../fft/index.js';

export interface DogMapOptions {
  /** Particles are dark (cryo-EM underfocus): negate so they become bright peaks (Appion --invert). @default true */
  invert?: boolean;
}

/** Mean and standard deviation of an array. */
export function meanStd(data: Float32Array): { mean: number; std: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < data.length; i++) { s += data[i]; s2 += data[i] * data[i]; }
  const mean = s / data.length;
  return { mean, std: Math.sqrt(Math.max(0, s2 / data.length - mean * mean)) };
}

/**
 * Applies the real-space filter G_σ₁ − G_σ₂ (σ in working pixels) as its transfer function
 * exp(−2π²σ₁²f²) − exp(−2π²σ₂²f²) (f in cycles/pixel), and inverts. Normalise afterwards with
 * normaliseInRegion (Appion normalises by the DoG map's standard deviation). Needs initFft().
 */
export function dogMap(spec: Spectrum2D, sigma1: number, sigma2: number, options: DogMapOptions = {}): Image2D {
  const { width: w, height: h } = spec;
  const half = spectrumColumns(w);
  const out = createSpectrum(w, h);
  const sign = options.invert === false ? 1 : -1;
  const a1 = -2 * Math.PI * Math.PI * sigma1 * sigma1;
  const a2 = -2 * Math.PI * Math.PI * sigma2 * sigma2;
  for (let ky = 0; ky < h; ky++) {
    const fy = signedFrequency(ky, h) / h;
    for (let kx = 0; kx < half; kx++) {
      const fx = kx / w;
      const f2 = fx * fx + fy * fy;
      const g = sign * (Math.exp(a1 * f2) - Math.exp(a2 * f2));
      const i = 2 * (ky * half + kx);
      out.data[i] = g * spec.data[i];
      out.data[i + 1] = g * spec.data[i + 1];
    }
  }
  return fft2d(w, h).inverse(out);
}

/**
 * Normalises `map` in place to zero median and unit ROBUST standard deviation (1.4826·median absolute
 * deviation), with the statistics taken over the top-left `width × height` region only (the rest is FFT
 * padding). Appion divides by the plain standard deviation, but that one grows with particle density,
 * so a fixed threshold in its units picks noise on sparse micrographs; the MAD follows the background.
 * Returns the centre and scale used.
 */
export function normaliseInRegion(map: Image2D, width: number, height: number): { mean: number; std: number } {
  const region = new Float32Array(width * height);
  for (let y = 0; y < height; y++) region.set(map.data.subarray(y * map.width, y * map.width + width), y * width);
  region.sort();
  const mean = region[region.length >> 1];
  for (let i = 0; i < region.length; i++) region[i] = Math.abs(region[i] - mean);
  region.sort();
  const std = 1.4826 * region[region.length >> 1] || meanStd(map.data).std;
  const inv = std > 0 ? 1 / std : 0;
  for (let i = 0; i < map.data.length; i++) map.data[i] = (map.data[i] - mean) * inv;
  return { mean, std };
}
