// Density-independent DoG normalisation: median and robust σ of the map's background, away from the peaks.
import type { Image2D } from '../image.js';
import { findPeaks } from './findPeaks.js';

export interface NormaliseBackgroundOptions {
  /** Pixels within this distance of a candidate peak are not background (working pixels). */
  maskRadius: number;
  /** Peaks at or above this (σ units of the current estimate) are masked in the final rounds. */
  threshold: number;
  /** Rounds at `threshold`, after the rising rounds at 1, 2, … σ below it. @default 2 */
  iterations?: number;
}

/** Median and 1.4826·MAD (normal-consistent σ) of the values where `mask` is 0 in the top-left w × h region. */
function robustStats(map: Image2D, w: number, h: number, mask: Uint8Array | null): { centre: number; sigma: number } {
  const buf = new Float32Array(w * h);
  let n = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (!mask || !mask[y * w + x]) buf[n++] = map.data[y * map.width + x];
  const a = buf.subarray(0, n).sort();
  const centre = a[a.length >> 1];
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(a[i] - centre);
  a.sort();
  return { centre, sigma: 1.4826 * a[a.length >> 1] };
}

function discMask(peaks: { x: number; y: number }[], w: number, h: number, r: number): Uint8Array {
  const mask = new Uint8Array(w * h);
  const ri = Math.ceil(r);
  for (const p of peaks) {
    const cx = Math.round(p.x);
    const cy = Math.round(p.y);
    for (let y = Math.max(0, cy - ri); y <= Math.min(h - 1, cy + ri); y++) {
      for (let x = Math.max(0, cx - ri); x <= Math.min(w - 1, cx + ri); x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask[y * w + x] = 1;
    }
  }
  return mask;
}

/**
 * Normalises `map` in place to (v − centre)/σ of its BACKGROUND. Appion divides by the whole map's
 * standard deviation, which grows with particle density (each particle's DoG response and its negative
 * ring cover ~4× its area), so one threshold fits either sparse or crowded micrographs, not both. Here:
 * a median/MAD estimate, then repeatedly mask discs around the peaks above t·σ and re-estimate from what
 * is left (a round that would leave under 5 % of the region is skipped).
 *
 * t rises 1, 2, … up to `threshold` instead of starting there: in a crowded field the whole-map σ is
 * inflated 2–4× by the particles themselves, and when the particles' DoG peaks are below `threshold` × that
 * inflated σ (a DoG larger than the particles responds 2–3× more weakly) nothing was masked, the estimate
 * never improved and every particle stayed under the picking threshold (issue 22: 0 picks at 1.25× the
 * true diameter, 29 % coverage). Starting low masks the particles first; the later rounds at `threshold`
 * give back the background that the low rounds masked. Returns the centre and σ in raw map units.
 */
export function normaliseBackground(map: Image2D, w: number, h: number, options: NormaliseBackgroundOptions): { centre: number; sigma: number } {
  let stats = robustStats(map, w, h, null);
  const rising = Array.from({ length: Math.max(0, Math.ceil(options.threshold) - 1) }, (_, i) => i + 1);
  const schedule = [...rising, ...Array<number>(options.iterations ?? 2).fill(options.threshold)];
  for (const t of schedule) {
    const peaks = findPeaks(map, { threshold: stats.centre + t * stats.sigma, width: w, height: h, maxPeaks: Infinity });
    const mask = discMask(peaks, w, h, options.maskRadius);
    let free = 0;
    for (const m of mask) free += 1 - m;
    if (free < 0.05 * w * h) continue;
    const next = robustStats(map, w, h, mask);
    if (!(next.sigma > 0)) continue;
    stats = next;
  }
  const inv = stats.sigma > 0 ? 1 / stats.sigma : 0;
  for (let i = 0; i < map.data.length; i++) map.data[i] = (map.data[i] - stats.centre) * inv;
  return stats;
}
