// Ice/carbon check: drop picks sitting on very dark or very bright areas of the low-passed micrograph.
import type { Image2D } from '../image.js';
import type { Peak } from './findPeaks.js';

/** Median of a copy of `v`. */
function median(v: Float32Array): number {
  const s = Float32Array.from(v).sort();
  return s.length ? s[s.length >> 1] : 0;
}

/**
 * Keeps peaks whose local mean intensity `lowPass` (at the peak pixel) is within `k` robust σ of the
 * micrograph's: centre = median, σ = 1.4826·MAD (normal-consistent), both over the top-left `w × h`
 * region. Robust statistics so that a large ice blob does not inflate the spread it is judged by.
 */
export function rejectOutliers(peaks: Peak[], lowPass: Image2D, w: number, h: number, k: number): Peak[] {
  const region = new Float32Array(w * h);
  for (let y = 0; y < h; y++) region.set(lowPass.data.subarray(y * lowPass.width, y * lowPass.width + w), y * w);
  const med = median(region);
  const dev = region.map((v) => Math.abs(v - med));
  const sigma = 1.4826 * median(dev) || 1;
  return peaks.filter((p) => {
    const v = lowPass.data[Math.round(p.y) * lowPass.width + Math.round(p.x)];
    return Math.abs(v - med) <= k * sigma;
  });
}
