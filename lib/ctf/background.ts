// Background removal of an amplitude spectrum: box-car smoothing subtracted, as CTFFIND4 does (reference §3.1 step 4).
import type { Image2D } from '../image.js';

export interface SubtractBackgroundOptions {
  /** Pixel size of the spectrum (Å). */
  pixelSizeA: number;
  /** Lowest resolution fitted (Å); sets the box-car size int(N·apix/minRes·√2), forced odd. @default 30 */
  minResA?: number;
}

/** Separable running-mean filter of odd size k with the window clipped at the edges. */
function boxFilter(src: Float32Array, n: number, k: number): Float32Array {
  const r = k >> 1;
  const tmp = new Float32Array(n * n);
  const out = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    const row = y * n;
    let s = 0;
    for (let x = 0; x <= Math.min(r, n - 1); x++) s += src[row + x];
    for (let x = 0; x < n; x++) {
      const lo = x - r;
      const hi = x + r;
      tmp[row + x] = s / (Math.min(hi, n - 1) - Math.max(lo, 0) + 1);
      if (hi + 1 < n) s += src[row + hi + 1];
      if (lo >= 0) s -= src[row + lo];
    }
  }
  for (let x = 0; x < n; x++) {
    let s = 0;
    for (let y = 0; y <= Math.min(r, n - 1); y++) s += tmp[y * n + x];
    for (let y = 0; y < n; y++) {
      const lo = y - r;
      const hi = y + r;
      out[y * n + x] = s / (Math.min(hi, n - 1) - Math.max(lo, 0) + 1);
      if (hi + 1 < n) s += tmp[(hi + 1) * n + x];
      if (lo >= 0) s -= tmp[lo * n + x];
    }
  }
  return out;
}

/**
 * Centred square amplitude spectrum minus its box-car smoothed copy, divided by the standard deviation
 * of the result between 1/minRes and Nyquist. The centre (inside 1/minRes) is set to 0 first so the huge
 * low-frequency amplitudes do not leak into the background estimate of the fitted band, and positive
 * outliers are clipped at mean + 10σ (CTFFIND clips maxima and caps the central cross the same way).
 */
export function subtractBackground(spectrum: Image2D, options: SubtractBackgroundOptions): Image2D {
  const n = spectrum.width;
  const minRes = options.minResA ?? 30;
  const rMin = (n * options.pixelSizeA) / minRes;
  let k = Math.max(3, Math.floor(rMin * Math.SQRT2));
  if (k % 2 === 0) k++;
  const src = Float32Array.from(spectrum.data);
  const c = n / 2;
  // Inside the low-resolution limit: replace by the value at the limit's ring average so the box-car sees no cliff.
  // Squared radii throughout: Math.hypot costs more than the rest of these loops.
  const rMin2 = rMin * rMin;
  const rRing2 = (rMin + 2) * (rMin + 2);
  let ring = 0;
  let ringN = 0;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const r2 = (x - c) * (x - c) + (y - c) * (y - c);
    if (r2 >= rMin2 && r2 < rRing2) { ring += src[y * n + x]; ringN++; }
  }
  const fill = ringN ? ring / ringN : 0;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - c) * (x - c) + (y - c) * (y - c) < rMin2) src[y * n + x] = fill;
  const bg = boxFilter(src, n, k);
  const out = new Float32Array(n * n);
  let s = 0;
  let s2 = 0;
  let m = 0;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const i = y * n + x;
    const r2 = (x - c) * (x - c) + (y - c) * (y - c);
    out[i] = r2 < rMin2 ? 0 : src[i] - bg[i];
    if (r2 >= rMin2 && r2 <= c * c) { s += out[i]; s2 += out[i] * out[i]; m++; }
  }
  const mean = m ? s / m : 0;
  const sd = m ? Math.sqrt(Math.max(1e-30, s2 / m - mean * mean)) : 1;
  for (let i = 0; i < out.length; i++) out[i] = Math.min((out[i] - mean) / sd, 10);
  return { width: n, height: n, data: out };
}
