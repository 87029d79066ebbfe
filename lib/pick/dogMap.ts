// Difference-of-Gaussians map of a working-size spectrum (particles positive).
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { createSpectrum, fft2d, signedFrequency, spectrumColumns } from '../fft/index.js';

export interface DogMapOptions {
  /** Particles are dark (cryo-EM underfocus): negate so they become bright peaks (Appion --invert). @default true */
  invert?: boolean;
}

/**
 * Applies the real-space filter G_σ₁ − G_σ₂ (σ in working pixels) as its transfer function
 * exp(−2π²σ₁²f²) − exp(−2π²σ₂²f²) (f in cycles/pixel), and inverts. Normalise afterwards with
 * normaliseBackground. Needs initFft().
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
