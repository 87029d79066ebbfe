// Sub-pixel peak of an uncentred correlation map: argmax near zero shift, refined by a 3-point Gaussian fit per axis.
import type { Image2D } from '../image.js';

export interface SubPixelPeakOptions {
  /** Largest |shift| searched, in map pixels (Chebyshev). @default min(width, height)/2 − 2 */
  searchRadius?: number;
}

/**
 * Peak (dx, dy) of a correlation map with zero shift at pixel (0, 0) (wrap-around). The 3-point
 * refinement fits a parabola to ln(values) (exact for a Gaussian peak, which a B-factor-weighted
 * correlation peak is); the plain parabola (MotionCor2 CPeak2D) is biased towards the integer pixel
 * on such broad peaks. Falls back to the plain parabola when a neighbour is not positive.
 */
export function subPixelPeak(map: Image2D, options: SubPixelPeakOptions = {}): { dx: number; dy: number; value: number } {
  const { width: w, height: h, data } = map;
  const r = searchRadiusIn(w, h, options.searchRadius);
  const at = (x: number, y: number): number => data[((y + h) % h) * w + ((x + w) % w)];
  let best = -Infinity;
  let bx = 0;
  let by = 0;
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      const v = at(x, y);
      if (v > best) {
        best = v;
        bx = x;
        by = y;
      }
    }
  }
  return { dx: bx + refine(at(bx - 1, by), best, at(bx + 1, by)), dy: by + refine(at(bx, by - 1), best, at(bx, by + 1)), value: best };
}

/** The radius subPixelPeak searches on a w × h map (it reads rows and columns |y|, |x| ≤ that + 1). */
export function searchRadiusIn(w: number, h: number, searchRadius = Infinity): number {
  return Math.max(1, Math.min(searchRadius, (Math.min(w, h) >> 1) - 2));
}

const rowSets = new Map<string, Int32Array>();

/** The map rows subPixelPeak reads for this radius: y = 0 … r + 1 and h − r − 1 … h − 1 (shared and cached: do not modify). */
export function peakRows(w: number, h: number, searchRadius?: number): Int32Array {
  const r = searchRadiusIn(w, h, searchRadius);
  const key = `${h} ${r}`;
  let rows = rowSets.get(key);
  if (!rows) {
    // Maps under 8 rows wrap the window onto itself: then every row.
    rows = 2 * r + 3 > h ? Int32Array.from({ length: h }, (_, y) => y) : Int32Array.from({ length: 2 * r + 3 }, (_, i) => (i - r - 1 + h) % h);
    rowSets.set(key, rows);
  }
  return rows;
}

/** Offset of the vertex of the curve through (−1, fm), (0, f0), (1, fp); Gaussian when all > 0. */
export function refine(fm: number, f0: number, fp: number): number {
  const [a, b, c] = fm > 0 && f0 > 0 && fp > 0 ? [Math.log(fm), Math.log(f0), Math.log(fp)] : [fm, f0, fp];
  const curv = a + c - 2 * b;
  if (!(curv < 0)) return 0;
  const d = (0.5 * (a - c)) / curv;
  return Math.abs(d) > 1 ? 0 : d;
}
