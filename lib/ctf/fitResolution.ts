// Equiphase average of the spectrum, the fitted 1-D CTF, their windowed CC and CTFFIND's "rings fit up to" resolution.
import type { Image2D } from '../image.js';
import type { DefocusVector, PhaseConstants } from './optics.js';
import { pearson } from './search1d.js';

export interface FitProfiles {
  /** Spatial frequency of bin k = k/(N·apix), 1/Å. */
  frequency: Float64Array;
  /** Equiphase average (EPA) of the background-subtracted spectrum. */
  epa: Float64Array;
  /** sin²χ at the mean defocus (the fit as CTFFIND plots it). */
  fit: Float64Array;
  /** CC of EPA vs fit in a window of ±1 CTF period around each bin. */
  cc: Float64Array;
  /** 2σ of the CC expected from noise (2/√(bins in the window)). */
  noise2Sigma: Float64Array;
  /** Spacing (Å) up to which the rings fit (CTFFIND criterion, see fitResolution). */
  resolutionA: number;
}

/**
 * EPA: each pixel goes to the bin s′ whose phase under the MEAN defocus equals its own phase
 * (solve a·m·u − b·u² = a·s²·Δf(φ) − b·s⁴ for u = s′², the smaller root), so astigmatic rings line up
 * (CTFFIND ≥ 4.1.12 uses the EPA for the fit resolution).
 */
function equiphaseAverage(spec: Image2D, apix: number, k: PhaseConstants, v: DefocusVector): Float64Array {
  const n = spec.width;
  const c = n / 2;
  const nb = c + 1;
  const inv = 1 / (n * apix);
  const sum = new Float64Array(nb);
  const cnt = new Float64Array(nb);
  const A = k.a * v.mean;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const sx = (x - c) * inv;
    const sy = (y - c) * inv;
    const s2 = sx * sx + sy * sy;
    if (s2 === 0) continue;
    const cos2 = (sx * sx - sy * sy) / s2;
    const sin2 = (2 * sx * sy) / s2;
    const K = k.a * s2 * (v.mean + v.hx * cos2 + v.hy * sin2) - k.b * s2 * s2;
    let u: number;
    if (k.b > 0) { const disc = A * A - 4 * k.b * K; if (disc < 0) continue; u = (A - Math.sqrt(disc)) / (2 * k.b); } else u = A > 0 ? K / A : s2;
    if (!(u > 0)) continue;
    const bin = Math.round(Math.sqrt(u) / inv);
    if (bin < nb) { sum[bin] += spec.data[y * n + x]; cnt[bin]++; }
  }
  for (let i = 0; i < nb; i++) sum[i] = cnt[i] ? sum[i] / cnt[i] : 0;
  return sum;
}

/**
 * Profiles and the fit resolution. Criterion (CTFFIND 4.1.14 `ComputeFRCBetween1DSpectrumAndFit` +
 * the loop after it): scanning outwards from max(10 % of the bins, 1/minRes), the fit holds up to the first
 * bin where either more than 3 bins were already above 0.1 and the CC drops below 0.1, or more than 3
 * were above 0.66 and it drops below 0.5. Never failing → Nyquist; never reaching 0.1 → the start bin.
 */
export function fitProfiles(spec: Image2D, apix: number, minResA: number, k: PhaseConstants, v: DefocusVector): FitProfiles {
  const n = spec.width;
  const nb = n / 2 + 1;
  const inv = 1 / (n * apix);
  const frequency = Float64Array.from({ length: nb }, (_, i) => i * inv);
  const epa = equiphaseAverage(spec, apix, k, v);
  const fit = new Float64Array(nb);
  const cc = new Float64Array(nb);
  const noise2Sigma = new Float64Array(nb);
  for (let i = 0; i < nb; i++) { const s2 = frequency[i] ** 2; const sn = Math.sin(k.a * s2 * v.mean - k.b * s2 * s2 + k.phiAmp + v.phase); fit[i] = sn * sn; }
  const start = Math.max(Math.ceil(0.1 * nb), Math.ceil(1 / (minResA * inv)));
  for (let i = 0; i < nb; i++) {
    const s = frequency[i];
    const slope = Math.abs(2 * k.a * v.mean * s - 4 * k.b * s ** 3);
    const half = Math.max(3, Math.min(Math.floor(nb / 8), Math.round(slope > 0 ? Math.PI / slope / inv : nb)));
    const lo = Math.max(start, i - half);
    const hi = Math.min(nb, i + half + 1);
    cc[i] = pearson(epa, fit, lo, hi);
    noise2Sigma[i] = 2 / Math.sqrt(Math.max(1, hi - lo));
  }
  let above01 = 0;
  let above066 = 0;
  let last = nb - 1;
  for (let i = start; i < nb; i++) {
    if ((above01 > 3 && cc[i] < 0.1) || (above066 > 3 && cc[i] < 0.5)) { last = i; break; }
    if (cc[i] > 0.1) above01++;
    if (cc[i] > 0.66) above066++;
  }
  if (above01 <= 3) last = start;
  // CTFFIND's aliasing limit: past the bin where a sin²χ ring (π of phase) spans fewer than 2 spectrum pixels along the
  // larger defocus, the spectrum cannot show the rings, so no fit is claimed beyond it.
  const dfMax = v.mean + Math.hypot(v.hx, v.hy);
  for (let i = start; i < last; i++) {
    const s = frequency[i];
    if (Math.abs(2 * k.a * dfMax * s - 4 * k.b * s ** 3) * inv > Math.PI / 2) { last = i; break; }
  }
  return { frequency, epa, fit, cc, noise2Sigma, resolutionA: 1 / Math.max(frequency[last], inv) };
}
