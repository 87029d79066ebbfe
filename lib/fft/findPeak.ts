// Sub-pixel peak of a (centered) correlation map: argmax in a search window + 3-point parabola per axis.
import type { Image2D } from '../image.js';

export interface FindPeakOptions {
  /** Only pixels within this many pixels (Chebyshev) of the map centre are searched. @default whole map */
  searchRadius?: number;
  /** The map is centered (zero shift at (width/2, height/2)); the result is relative to that. @default true */
  centered?: boolean;
}

/**
 * Peak of a correlation map. Returns the shift (dx, dy) relative to the zero-shift pixel, refined by a
 * separable 3-point parabola (MotionCor2 CPeak2D::mSearchFloatPeak: dx = −b/(2a), ignored if |dx| > 1),
 * and the peak value.
 */
export function findPeak(map: Image2D, options: FindPeakOptions = {}): { dx: number; dy: number; value: number } {
  const { width: w, height: h, data } = map;
  const centered = options.centered ?? true;
  const cx = centered ? w >> 1 : 0;
  const cy = centered ? h >> 1 : 0;
  const r = options.searchRadius ?? Math.max(w, h);
  let best = -Infinity;
  let bx = cx;
  let by = cy;
  for (let oy = -Math.min(r, h >> 1); oy < Math.min(r + 1, h - (h >> 1)); oy++) {
    const y = (cy + oy + h) % h;
    for (let ox = -Math.min(r, w >> 1); ox < Math.min(r + 1, w - (w >> 1)); ox++) {
      const x = (cx + ox + w) % w;
      const v = data[y * w + x];
      if (v > best) {
        best = v;
        bx = ox;
        by = oy;
      }
    }
  }
  const at = (ox: number, oy: number) => data[((cy + oy + h) % h) * w + ((cx + ox + w) % w)];
  return { dx: bx + parabola(at(bx - 1, by), best, at(bx + 1, by)), dy: by + parabola(at(bx, by - 1), best, at(bx, by + 1)), value: best };
}

function parabola(fm: number, f0: number, fp: number): number {
  const a = (fp + fm) / 2 - f0;
  const b = (fp - fm) / 2;
  if (a >= 0) return 0;
  const d = -b / (2 * a);
  return Math.abs(d) > 1 ? 0 : d;
}
