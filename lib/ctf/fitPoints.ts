// The fitted band of a background-subtracted spectrum as flat arrays, and the normalised cross-correlation with CTF².
import type { Image2D } from '../image.js';
import type { DefocusVector, PhaseConstants } from './optics.js';

/** Pixels of one half plane inside [1/minRes, 1/maxRes], with everything the score needs precomputed. */
export interface FitPoints {
  n: number;
  /** s² (1/Å²). */
  s2: Float64Array;
  /** s⁴·b (the Cs term of χ, rad). */
  cs: Float64Array;
  cos2: Float64Array;
  sin2: Float64Array;
  /** Observed values, zero mean, unit sum of squares. */
  obs: Float64Array;
}

export interface FitPointsOptions {
  /** Pixel size of the spectrum, Å. */
  pixelSizeA: number;
  minResA: number;
  maxResA: number;
  /** Keep every `stride`-th pixel in x and y (coarse search). @default 1 */
  stride?: number;
}

/** Collects the band of the centred spectrum (rows with fy ≥ 0; the other half is its mirror). */
export function fitPoints(spec: Image2D, k: PhaseConstants, options: FitPointsOptions): FitPoints {
  const n = spec.width;
  const c = n / 2;
  const inv = 1 / (n * options.pixelSizeA);
  const sMin = 1 / options.minResA;
  const sMax = Math.min(1 / options.maxResA, 0.5 / options.pixelSizeA);
  const st = options.stride ?? 1;
  const idx: number[] = [];
  for (let y = c; y < n; y += st) {
    for (let x = 0; x < n; x += st) {
      const s = Math.hypot(x - c, y - c) * inv;
      if (s >= sMin && s <= sMax && (y > c || x > c)) idx.push(y * n + x);
    }
  }
  const m = idx.length;
  const p: FitPoints = { n: m, s2: new Float64Array(m), cs: new Float64Array(m), cos2: new Float64Array(m), sin2: new Float64Array(m), obs: new Float64Array(m) };
  let mean = 0;
  for (let j = 0; j < m; j++) mean += spec.data[idx[j]];
  mean /= m || 1;
  let ss = 0;
  for (let j = 0; j < m; j++) {
    const i = idx[j];
    const sx = ((i % n) - c) * inv;
    const sy = (Math.floor(i / n) - c) * inv;
    const s2 = sx * sx + sy * sy;
    const phi = Math.atan2(sy, sx);
    p.s2[j] = s2;
    p.cs[j] = k.b * s2 * s2;
    p.cos2[j] = Math.cos(2 * phi);
    p.sin2[j] = Math.sin(2 * phi);
    p.obs[j] = spec.data[i] - mean;
    ss += p.obs[j] * p.obs[j];
  }
  const norm = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let j = 0; j < m; j++) p.obs[j] *= norm;
  return p;
}

/** Normalised cross-correlation of the observed band with sin²χ (CTF²); allocation-free. */
export function scoreFit(p: FitPoints, k: PhaseConstants, v: DefocusVector): number {
  const a = k.a;
  const c0 = k.phiAmp + v.phase;
  let so = 0;
  let sm = 0;
  let smm = 0;
  for (let j = 0; j < p.n; j++) {
    const df = v.mean + v.hx * p.cos2[j] + v.hy * p.sin2[j];
    const sn = Math.sin(a * p.s2[j] * df - p.cs[j] + c0);
    const m = sn * sn;
    so += p.obs[j] * m;
    sm += m;
    smm += m * m;
  }
  const varM = smm - (sm * sm) / p.n;
  return varM > 0 ? so / Math.sqrt(varM) : 0;
}
