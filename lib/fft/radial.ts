// Radial frequency helpers: |s| in 1/Å of a spectrum coefficient, and rotational averages of centered spectra.
import type { Image2D } from '../image.js';
import { signedFrequency } from './spectrum.js';

/** Spatial frequency components (1/Å) of half-plane coefficient (kx, ky) of a width×height image with pixel size apix (Å). */
export function spatialFrequency(kx: number, ky: number, width: number, height: number, pixelSizeA: number): { sx: number; sy: number; s: number } {
  const sx = kx / (width * pixelSizeA);
  const sy = signedFrequency(ky, height) / (height * pixelSizeA);
  return { sx, sy, s: Math.hypot(sx, sy) };
}

export interface RadialAverageOptions {
  /** Number of radial bins. @default width/2 + 1 */
  bins?: number;
}

/**
 * Rotational average of a CENTERED power spectrum (DC at (width/2, height/2)). Bin k holds the mean over
 * pixels whose frequency rounds to k/width cycles/pixel (the y offset is rescaled by width/height, so
 * non-square images average true frequency rings). Spatial frequency of bin k = k/(width·apix) 1/Å.
 * Bins with no pixel are NaN.
 */
export function radialAverage(img: Image2D, options: RadialAverageOptions = {}): Float64Array {
  const { width: w, height: h } = img;
  const nb = options.bins ?? (w >> 1) + 1;
  const sum = new Float64Array(nb);
  const cnt = new Float64Array(nb);
  const cx = w >> 1;
  const cy = h >> 1;
  const ys = w / h;
  for (let y = 0; y < h; y++) {
    const dy = (y - cy) * ys;
    for (let x = 0; x < w; x++) {
      const r = Math.round(Math.hypot(x - cx, dy));
      if (r < nb) {
        sum[r] += img.data[y * w + x];
        cnt[r]++;
      }
    }
  }
  for (let k = 0; k < nb; k++) sum[k] = cnt[k] ? sum[k] / cnt[k] : NaN;
  return sum;
}
