// Peak finding on a DoG map: threshold band, local maxima, sub-pixel refinement, non-maximum suppression, border.
import type { Image2D } from '../image.js';

export interface Peak {
  /** Sub-pixel position in the map's pixels. */
  x: number;
  y: number;
  /** Map value at the peak pixel. */
  value: number;
}

export interface FindPeaksOptions {
  /** Keep peaks with value ≥ this. @default 0 */
  threshold?: number;
  /** Drop peaks with value > this (Appion --maxthresh: ice and contamination are too strong). @default Infinity */
  maxThreshold?: number;
  /** Of two peaks closer than this (pixels), keep the stronger (Appion overlapmult·pixrad). @default 0 */
  minDistance?: number;
  /**
   * Per-peak suppression distance at the stronger peak's pixel (x, y), e.g. from the scale that found it
   * (RELION LoG suppresses around each pick by its own best size); must not exceed minDistance. @default minDistance
   */
  minDistanceAt?: (x: number, y: number) => number;
  /** Only look at x < width, y < height (the part of the map that is micrograph, not padding). @default the map size */
  width?: number;
  /** @default the map height */
  height?: number;
  /** Drop peaks closer than this to the region's edges (pixels). @default 0 */
  border?: number;
  /** Keep at most this many (strongest first; Appion --maxpeaks). @default 1500 */
  maxPeaks?: number;
}

/** Vertex offset of a parabola through (−1, a), (0, b), (1, c), clamped to ±0.5. */
function parabolic(a: number, b: number, c: number): number {
  const den = a - 2 * b + c;
  return den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
}

/** 8-neighbour local maxima in the threshold band, strongest first, greedily suppressed within minDistance. */
export function findPeaks(map: Image2D, options: FindPeaksOptions = {}): Peak[] {
  const { width: mw, data } = map;
  const w = options.width ?? map.width;
  const h = options.height ?? map.height;
  const lo = options.threshold ?? 0;
  const hi = options.maxThreshold ?? Infinity;
  const cand: Candidate[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const v = data[y * mw + x];
      if (v < lo) continue;
      let isMax = true;
      for (let dy = -1; dy <= 1 && isMax; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const u = data[(y + dy) * mw + x + dx];
          if ((dx || dy) && (u > v || (u === v && dy * 3 + dx < 0))) { isMax = false; break; }
        }
      }
      if (!isMax) continue;
      const px = x + parabolic(data[y * mw + x - 1], v, data[y * mw + x + 1]);
      const py = y + parabolic(data[(y - 1) * mw + x], v, data[(y + 1) * mw + x]);
      cand.push({ x: px, y: py, value: v, reach: options.minDistanceAt?.(x, y) });
    }
  }
  cand.sort((a, b) => b.value - a.value);
  return suppress(cand, options.minDistance ?? 0, hi, w, h, options.border ?? 0, options.maxPeaks ?? 1500)
    .map(({ x, y, value }) => ({ x, y, value }));
}

/** A candidate with its own suppression distance (undefined: the common one). */
type Candidate = Peak & { reach?: number };

/**
 * Greedy non-maximum suppression: a peak is dropped when a stronger kept-or-rejected-as-too-strong peak
 * lies within `dist` (so the shoulder of an ice blob is not picked either), then the band and border rules.
 */
function suppress(sorted: Candidate[], dist: number, hi: number, w: number, h: number, border: number, maxPeaks: number): Candidate[] {
  const cell = Math.max(1, dist);
  const gw = Math.ceil(w / cell) + 1;
  const grid = new Map<number, Candidate[]>();
  const kept: Candidate[] = [];
  for (const p of sorted) {
    const gx = Math.floor(p.x / cell);
    const gy = Math.floor(p.y / cell);
    let near = false;
    for (let j = gy - 1; j <= gy + 1 && !near; j++) {
      for (let i = gx - 1; i <= gx + 1 && !near; i++) {
        for (const q of grid.get(j * gw + i) ?? []) if ((q.x - p.x) ** 2 + (q.y - p.y) ** 2 < (q.reach ?? dist) ** 2) { near = true; break; }
      }
    }
    if (near) continue;
    const key = gy * gw + gx;
    grid.set(key, [...(grid.get(key) ?? []), p]);
    if (p.value > hi) continue;
    if (p.x < border || p.y < border || p.x > w - 1 - border || p.y > h - 1 - border) continue;
    kept.push(p);
    if (kept.length >= maxPeaks) break;
  }
  return kept;
}
