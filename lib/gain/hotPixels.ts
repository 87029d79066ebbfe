// Finds hot pixels in a sum of frames: counts far above what Poisson statistics allow at the image's mean.

import type { Image2D } from '../image.js';

export interface DetectHotPixelsOptions {
  /** Threshold in standard deviations above the mean (MotionCor2 BadPixel/CDetectMain `m_fThreshold = 6`). @default 6 */
  sigmas?: number;
  /** Rounds of re-estimating mean and σ without the pixels already flagged. @default 3 */
  iterations?: number;
}

/**
 * Flat indices of pixels with value > mean + k·σ. Mean and σ are estimated robustly: start from all
 * pixels, then recompute without those above the threshold (so hot pixels do not inflate σ). σ is at
 * least √mean, the Poisson σ of a sum of counts, so a uniform flat sum does not flag its own noise.
 * For a Poisson sum with mean λ the per-pixel false-alarm rate is P(X > λ + k√λ) (≈ 1e-9 at k = 6 for
 * large λ; it is higher for small λ, e.g. ≈ 3e-5 for λ = 4 where the threshold is 16).
 */
export function detectHotPixels(sum: Image2D, options: DetectHotPixelsOptions = {}): Uint32Array {
  const d = sum.data;
  const threshold = hotPixelThreshold((t) => {
    let n = 0;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (v > t) continue;
      n++;
      s += v;
      s2 += v * v;
    }
    return [n, s, s2];
  }, options);
  const hot: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] > threshold) hot.push(i);
  return Uint32Array.from(hot);
}

/**
 * detectHotPixels' threshold, from `moments(t)`: the count, Σv and Σv² of the values ≤ t (t = ∞ on the first
 * round). Callers with integer sums can answer from a histogram instead of a pass over the pixels.
 */
export function hotPixelThreshold(moments: (t: number) => [number, number, number], options: DetectHotPixelsOptions = {}): number {
  const { sigmas = 6, iterations = 3 } = options;
  let threshold = Infinity;
  for (let it = 0; it < iterations; it++) {
    const [n, s, s2] = moments(threshold);
    if (n === 0) break;
    const mean = s / n;
    const sigma = Math.max(Math.sqrt(Math.max(0, s2 / n - mean * mean)), Math.sqrt(Math.max(mean, 0)));
    const next = mean + sigmas * sigma;
    if (next === threshold) break;
    threshold = next;
  }
  return threshold;
}
