// 1-D brute-force defocus (and phase) search against the rotational average, CTFFIND4's default first search.
import type { Image2D } from '../image.js';
import type { PhaseConstants } from './optics.js';

export interface Search1dOptions {
  pixelSizeA: number;
  minResA: number;
  maxResA: number;
  minDefocusA: number;
  maxDefocusA: number;
  /** @default 100 */
  defocusStepA?: number;
  /** Phase shifts to try (rad). @default [0] */
  phases?: number[];
}

/** Rotational average of a centred square spectrum in 1-pixel bins (bin k ↔ s = k/(N·apix)). */
export function rotationalAverage(spec: Image2D): Float64Array {
  const n = spec.width;
  const c = n / 2;
  const nb = c + 1;
  const sum = new Float64Array(nb);
  const cnt = new Float64Array(nb);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const r = Math.round(Math.sqrt((x - c) * (x - c) + (y - c) * (y - c)));
    if (r < nb) { sum[r] += spec.data[y * n + x]; cnt[r]++; }
  }
  for (let k = 0; k < nb; k++) sum[k] = cnt[k] ? sum[k] / cnt[k] : 0;
  return sum;
}

/** Pearson correlation of two equal-length arrays (0 when either is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  let sa = 0; let sb = 0; let saa = 0; let sbb = 0; let sab = 0;
  const n = to - from;
  if (n < 2) return 0;
  for (let i = from; i < to; i++) { sa += a[i]; sb += b[i]; saa += a[i] * a[i]; sbb += b[i] * b[i]; sab += a[i] * b[i]; }
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return va > 0 && vb > 0 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0;
}

/** Best (defocus, phase) of sin²χ against the rotational average within the band; score = Pearson CC. */
export function search1d(avg: Float64Array, k: PhaseConstants, o: Search1dOptions): { defocus: number; phase: number; score: number } {
  const n = 2 * (avg.length - 1);
  const k0 = Math.ceil((n * o.pixelSizeA) / o.minResA);
  const k1 = Math.min(avg.length - 1, Math.floor((n * o.pixelSizeA) / o.maxResA));
  const obs = Array.from(avg.subarray(k0, k1 + 1));
  const model = new Float64Array(obs.length);
  let best = { defocus: o.minDefocusA, phase: 0, score: -Infinity };
  const step = o.defocusStepA ?? 100;
  for (const phase of o.phases ?? [0]) {
    for (let df = o.minDefocusA; df <= o.maxDefocusA + 1e-9; df += step) {
      for (let i = 0; i < obs.length; i++) {
        const s2 = ((k0 + i) / (n * o.pixelSizeA)) ** 2;
        const sn = Math.sin(k.a * s2 * df - k.b * s2 * s2 + k.phiAmp + phase);
        model[i] = sn * sn;
      }
      const score = pearson(obs, model);
      if (score > best.score) best = { defocus: df, phase, score };
    }
  }
  return best;
}
