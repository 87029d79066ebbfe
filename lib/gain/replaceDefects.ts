// Replaces defect pixels (mask = 1) by the median of the nearest good neighbours.

import type { Image2D } from '../image.js';

export interface ReplaceDefectsOptions {
  /** Largest half-width of the neighbourhood searched for good pixels (grows 1, 2, … until some are found). @default 8 */
  maxRadius?: number;
  /** Write into `image` instead of a copy. @default false */
  inPlace?: boolean;
}

/**
 * Each masked pixel takes the median of the good (unmasked) pixels in the smallest square of radius
 * 1..maxRadius that has any; if none, the mean of all good pixels. Median rather than mean because a
 * defect often sits next to other bad or hot pixels that a mean would drag in; rather than a Poisson draw
 * (MotionCor2's choice) because it is deterministic, so re-runs of a step give identical outputs — the
 * local noise texture is slightly smoothed at defects, which is negligible for alignment and CTF.
 * Columns wider than 2·maxRadius fall back to the global mean.
 */
export function replaceDefects(image: Image2D, mask: Uint8Array, options: ReplaceDefectsOptions = {}): Image2D {
  const { maxRadius = 8, inPlace = false } = options;
  const { width, height, data } = image;
  const out = inPlace ? data : data.slice();
  let goodSum = 0;
  let goodN = 0;
  for (let i = 0; i < data.length; i++) if (!mask[i]) { goodSum += data[i]; goodN++; }
  const fallback = goodN > 0 ? goodSum / goodN : 0;
  const vals: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      let value = fallback;
      for (let r = 1; r <= maxRadius; r++) {
        vals.length = 0;
        for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
          for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
            const j = yy * width + xx;
            if (!mask[j]) vals.push(data[j]);
          }
        }
        if (vals.length > 0) {
          vals.sort((a, b) => a - b);
          const m = vals.length >> 1;
          value = vals.length % 2 ? vals[m] : (vals[m - 1] + vals[m]) / 2;
          break;
        }
      }
      out[y * width + x] = value;
    }
  }
  return { width, height, data: out };
}
