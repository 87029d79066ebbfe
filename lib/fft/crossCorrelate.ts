// Cross-correlation of two images given their spectra: the map whose peak is b's displacement relative to a.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { fft2d } from './fft2d.js';
import { createSpectrum } from './spectrum.js';
import type { Spectrum2D } from './spectrum.js';
import { centerImage } from './centerImage.js';

/** conj(A)·B into `out` (may alias a or b); its inverse FFT is the correlation map. */
export function crossPowerSpectrum(a: Spectrum2D, b: Spectrum2D, out?: Spectrum2D): Spectrum2D {
  if (a.width !== b.width || a.height !== b.height) {
    throw new InvalidInputError(`crossPowerSpectrum: spectra differ in size, ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  const res = out ?? createSpectrum(a.width, a.height);
  const A = a.data;
  const B = b.data;
  const D = res.data;
  for (let i = 0; i < A.length; i += 2) {
    const ar = A[i];
    const ai = A[i + 1];
    const br = B[i];
    const bi = B[i + 1];
    D[i] = ar * br + ai * bi;
    D[i + 1] = ar * bi - ai * br;
  }
  return res;
}

export interface CrossCorrelateOptions {
  /** Put zero shift at pixel (width/2, height/2) instead of (0, 0). @default true */
  centered?: boolean;
  /** Divide by |conj(A)·B| (phase correlation; sharper peak, flat weighting of frequencies). @default false */
  phaseOnly?: boolean;
}

/**
 * Real correlation map CC(t) = Σ_x a(x)·b(x + t) (circular), from the spectra of a and b. If b is a
 * shifted by (+dx, +dy) (b(x) = a(x − d)), the peak is at t = (dx, dy) — at pixel
 * (width/2 + dx, height/2 + dy) when centered. Needs initFft().
 */
export function crossCorrelate(a: Spectrum2D, b: Spectrum2D, options: CrossCorrelateOptions = {}): Image2D {
  const cps = crossPowerSpectrum(a, b);
  if (options.phaseOnly) {
    const D = cps.data;
    for (let i = 0; i < D.length; i += 2) {
      const m = Math.hypot(D[i], D[i + 1]);
      if (m > 0) {
        D[i] /= m;
        D[i + 1] /= m;
      }
    }
  }
  const map = fft2d(a.width, a.height).inverse(cps);
  return options.centered === false ? map : centerImage(map);
}
