// The fitted band of a background-subtracted spectrum as flat arrays, and the normalised cross-correlation with CTF².
import type { Image2D } from '../image.js';
import type { DefocusVector, PhaseConstants } from './optics.js';

/** Pixels of one half plane inside [1/minRes, 1/maxRes], with everything the score needs precomputed. */
export interface FitPoints {
  n: number;
  /** s² (1/Å²). */
  s2: Float64Array;
  /** b·s⁴/π (the Cs term of χ, in units of π). */
  csPi: Float64Array;
  cos2: Float64Array;
  sin2: Float64Array;
  /** Observed values, zero mean, unit sum of squares. */
  obs: Float64Array;
  /** Per-point factor on the model's ring contrast (a thick sample's node modulation); absent = 1. */
  weight?: Float64Array;
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
  // Squared radii and no trigonometry (cos 2φ = (x² − y²)/r², sin 2φ = 2xy/r²): this runs once per fit, cold, where
  // every Math call and growing array costs (allocation, then GC) more than the arithmetic.
  const r2Min = (sMin / inv) ** 2;
  const r2Max = (sMax / inv) ** 2;
  const idx = new Int32Array(Math.ceil(n / st) * Math.ceil((n - c) / st));
  let m = 0;
  for (let y = c; y < n; y += st) {
    const dy2 = (y - c) * (y - c);
    for (let x = 0; x < n; x += st) {
      const r2 = (x - c) * (x - c) + dy2;
      if (r2 >= r2Min && r2 <= r2Max && (y > c || x > c)) idx[m++] = y * n + x;
    }
  }
  const p: FitPoints = { n: m, s2: new Float64Array(m), csPi: new Float64Array(m), cos2: new Float64Array(m), sin2: new Float64Array(m), obs: new Float64Array(m) };
  let mean = 0;
  for (let j = 0; j < m; j++) mean += spec.data[idx[j]];
  mean /= m || 1;
  let ss = 0;
  const bPi = k.b / Math.PI;
  for (let j = 0; j < m; j++) {
    const i = idx[j];
    const dx = (i % n) - c;
    const dy = ((i - (i % n)) / n) - c;
    const r2 = dx * dx + dy * dy;
    const s2 = r2 * inv * inv;
    p.s2[j] = s2;
    p.csPi[j] = bPi * s2 * s2;
    p.cos2[j] = (dx * dx - dy * dy) / r2;
    p.sin2[j] = (2 * dx * dy) / r2;
    const o = spec.data[i] - mean;
    p.obs[j] = o;
    ss += o * o;
  }
  const norm = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let j = 0; j < m; j++) p.obs[j] *= norm;
  return p;
}

/**
 * cos(π·t) for any t, by reduction to t ∈ [−1, 1] and an even Taylor polynomial to x¹⁴ (|error| < 3e−6): the
 * score's only transcendental, and 3–4× cheaper than Math.sin at the 100–400 rad phases of high defocus.
 */
function cosPi(t: number): number {
  const r = t - 2 * Math.round(0.5 * t);
  const x2 = 9.869604401089358 * r * r;
  return 1 + x2 * (-0.5 + x2 * (1 / 24 + x2 * (-1 / 720 + x2 * (1 / 40320 + x2 * (-1 / 3628800 + x2 * (1 / 479001600 + x2 * (-1 / 87178291200)))))));
}

/**
 * Normalised cross-correlation of the observed band with sin²χ (CTF²); allocation-free. sin²χ = (1 − cos 2χ)/2,
 * and a correlation does not change under that affine map, so the model used is −cos 2χ = −cos(π·(2χ/π)).
 */
export function scoreFit(p: FitPoints, k: PhaseConstants, v: DefocusVector): number {
  const a = k.a / Math.PI;
  const c0 = (k.phiAmp + v.phase) / Math.PI;
  const s2 = p.s2;
  const cs = p.csPi;
  const cos2 = p.cos2;
  const sin2 = p.sin2;
  const obs = p.obs;
  let so = 0;
  let sm = 0;
  let smm = 0;
  const w = p.weight;
  if (w) {
    for (let j = 0; j < p.n; j++) {
      const m = w[j] * cosPi(2 * (a * s2[j] * (v.mean + v.hx * cos2[j] + v.hy * sin2[j]) - cs[j] + c0));
      so += obs[j] * m;
      sm += m;
      smm += m * m;
    }
    const varW = smm - (sm * sm) / p.n;
    return varW > 0 ? -so / Math.sqrt(varW) : 0;
  }
  for (let j = 0; j < p.n; j++) {
    const df = v.mean + v.hx * cos2[j] + v.hy * sin2[j];
    const m = cosPi(2 * (a * s2[j] * df - cs[j] + c0));
    so += obs[j] * m;
    sm += m;
    smm += m * m;
  }
  const varM = smm - (sm * sm) / p.n;
  return varM > 0 ? -so / Math.sqrt(varM) : 0;
}
