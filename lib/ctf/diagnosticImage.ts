// CTFFIND-style diagnostic image: the background-subtracted spectrum with the fitted CTF² drawn in its left half.
import type { Image2D } from '../image.js';
import { phaseConstants, toVector } from './optics.js';
import type { Optics } from './optics.js';
import type { CtfEstimate } from './estimateCtf.js';

/**
 * Right half (x ≥ centre): the observed spectrum; left half: sin²χ of the fit, scaled to the observed
 * band's mean and σ so both halves share one grey scale. Inside 1/minRes both are 0.
 */
export function diagnosticImage(est: CtfEstimate, optics: Optics, minResA: number): Image2D {
  const spec = est.spectrum;
  const apix = est.pixelSizeForFittingA;
  const k = phaseConstants(optics);
  const v = toVector(est);
  const n = spec.width;
  const c = n / 2;
  const inv = 1 / (n * apix);
  const out = Float32Array.from(spec.data);
  let s = 0; let s2 = 0; let m = 0;
  // Squared radii: Math.hypot per pixel of this one cold pass cost more than the rest of it.
  const r2Min = (1 / (minResA * inv)) ** 2;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const r2 = (x - c) * (x - c) + (y - c) * (y - c);
    if (r2 >= r2Min && r2 <= c * c) { const val = spec.data[y * n + x]; s += val; s2 += val * val; m++; }
  }
  const mean = m ? s / m : 0;
  const sd = m ? Math.sqrt(Math.max(0, s2 / m - mean * mean)) : 1;
  for (let y = 0; y < n; y++) for (let x = 0; x < c; x++) {
    const sx = (x - c) * inv;
    const sy = (y - c) * inv;
    const q = sx * sx + sy * sy;
    if (q * minResA * minResA < 1) { out[y * n + x] = 0; continue; }
    const cos2 = (sx * sx - sy * sy) / q;
    const sin2 = (2 * sx * sy) / q;
    const sn = Math.sin(k.a * q * (v.mean + v.hx * cos2 + v.hy * sin2) - k.b * q * q + k.phiAmp + v.phase);
    // sin² has mean ½ and σ ≈ 0.35: map it onto the observed scale.
    out[y * n + x] = mean + ((sn * sn - 0.5) / 0.35) * sd;
  }
  return { width: n, height: n, data: out };
}
