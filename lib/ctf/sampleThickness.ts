// Sample (ice) thickness from the nodes of the Thon-ring modulation, as CTFFIND 5 fits it (cisTEM
// src/programs/ctffind/ctffind_thickness_nodes.cpp, src/core/ctf.h; Elferich et al. 2024, eLife RP 97227).
// Scatterers spread over a depth t see defoci Δf ± t/2; averaging sin²χ over that depth gives the power spectrum
// ½·(1 − sinc(π·λ·s²·t)·cos 2χ): the rings fade and invert at the nodes s² = n/(λ·t), n = 1, 2, …
import type { FitProfiles } from './fitResolution.js';
import type { FitPoints } from './fitPoints.js';
import type { DefocusVector, PhaseConstants } from './optics.js';

export interface SampleThicknessOptions {
  /** Spacing (Å) where the band starts (the fit's min. res.). */
  minResA: number;
  /** Thinnest and thickest sample considered, Å (CTFFIND 5 clamps to 400–50,000 Å). @default 400, 20000 */
  minThicknessA?: number;
  maxThicknessA?: number;
  /**
   * A thickness is claimed only when its node model correlates better than the model with no node by this much;
   * below it the sample is thinner than the band can show (its first node lies past the last usable ring). @default 0.05
   */
  minGain?: number;
}

export interface SampleThickness {
  /** Fitted thickness, Å; null when no node is seen in the band (thinner than `detectableA`). */
  thicknessA: number | null;
  /** The thinnest sample whose first node falls inside the band, Å (1/(λ·s_max²)). */
  detectableA: number;
  /** Mean-defocus correction found with the thickness, Å (0 when no thickness is claimed). */
  defocusShiftA: number;
  /** Correlation of the renormalised equiphase average with the best node model, and with the no-node model. */
  score: number;
  noNodeScore: number;
}

/**
 * CTFFIND 5's "rounded square" stand-in for sinc(x): 1 before the first node, ±1 between nodes, and sin(5x) within
 * π/10 of each node (cisTEM ctf.h `rounded_square`). The spectrum is renormalised to unit local amplitude, so only
 * where the rings invert matters, not how fast they fade (which the envelope also does).
 */
function roundedSquare(x: number): number {
  if (x < Math.PI / 2) return 1;
  const sx = Math.sin(x);
  return Math.abs(sx) > 0.30901699437494745 ? Math.sign(sx) : Math.sin(5 * x);
}

/** The fit points with the node modulation of thickness `t` (Å) as their model weight, for refitting a thick sample. */
export function withNodes(p: FitPoints, k: PhaseConstants, t: number): FitPoints {
  const lambda = k.a / Math.PI;
  return { ...p, weight: p.s2.map((s2) => roundedSquare(Math.PI * lambda * s2 * t)) };
}

/** The EPA less its local mean, divided by its local RMS (window ±2 ring periods, at least ±3 bins). */
function renormalise(epa: Float64Array, lo: number, hi: number, half: (i: number) => number): Float64Array {
  const out = new Float64Array(epa.length);
  for (let i = lo; i < hi; i++) {
    const h = half(i);
    const a = Math.max(lo, i - h);
    const b = Math.min(hi, i + h + 1);
    let s = 0; let s2 = 0;
    for (let j = a; j < b; j++) { s += epa[j]; s2 += epa[j] * epa[j]; }
    const m = s / (b - a);
    const rms = Math.sqrt(Math.max(1e-30, s2 / (b - a) - m * m));
    out[i] = (epa[i] - m) / rms;
  }
  return out;
}

/** Pearson correlation of `d` with −r·c over the bins [lo, hi), where d has zero mean and unit sum of squares. */
function correlate(d: Float64Array, r: Float64Array, c: Float64Array, off: number, lo: number, hi: number): number {
  let sdm = 0; let sm = 0; let smm = 0;
  for (let i = lo; i < hi; i++) { const m = r[i] * c[off + i]; sdm += d[i] * m; sm += m; smm += m * m; }
  const n = hi - lo;
  const vm = smm - (sm * sm) / n;
  return vm > 0 ? -sdm / Math.sqrt(vm) : 0;
}

/**
 * Fits the thickness t and a mean-defocus correction δ on the equiphase average (rings lined up at the mean defocus)
 * between 1/minRes and the last bin where rings are still resolvable (2 pixels per ring, CTFFIND's aliasing limit):
 * a coarse-to-fine brute force over δ ∈ ±1,000 Å (CTFFIND 5 searches ±1,000 Å too, since the inverted rings between
 * nodes pull the plain fit's defocus) and log-spaced t, then a golden-section polish of t, maximising the correlation
 * with −roundedSquare(π·λ·s²·t)·cos 2χ(mean + δ).
 */
export function sampleThickness(prof: FitProfiles, k: PhaseConstants, v: DefocusVector, o: SampleThicknessOptions): SampleThickness {
  const f = prof.frequency;
  const nb = f.length;
  const inv = f[1];
  const lambda = k.a / Math.PI;
  const dfMax = v.mean + Math.hypot(v.hx, v.hy);
  const slope = (s: number, df: number): number => Math.abs(2 * k.a * df * s - 4 * k.b * s ** 3);
  const lo = Math.max(1, Math.ceil(1 / (o.minResA * inv)));
  let hi = nb - 1;
  for (let i = lo; i < nb - 1; i++) if (slope(f[i], dfMax) * inv > Math.PI / 2) { hi = i; break; }
  const sMax = f[Math.max(lo, hi - 1)];
  const detectableA = 1 / (lambda * sMax * sMax);
  if (!(hi - lo > 8)) return { thicknessA: null, detectableA, defocusShiftA: 0, score: 0, noNodeScore: 0 };
  const half = (i: number): number => Math.max(3, Math.min(Math.floor(nb / 8), Math.round((2 * Math.PI) / Math.max(1e-12, slope(f[i], v.mean)) / inv)));
  const data = renormalise(prof.epa, lo, hi, half);
  let dm = 0;
  for (let i = lo; i < hi; i++) dm += data[i];
  let dd = 0;
  for (let i = lo; i < hi; i++) { data[i] -= dm / (hi - lo); dd += data[i] * data[i]; }
  for (let i = lo; i < hi; i++) data[i] /= Math.sqrt(dd) || 1;
  // cos 2χ at mean + δ, one row per δ tried (δ on a 10 Å lattice, made when first needed).
  const rows = new Map<number, Float64Array>();
  const cosAt = (d: number): Float64Array => {
    let row = rows.get(d);
    if (!row) {
      row = new Float64Array(nb);
      for (let i = lo; i < hi; i++) {
        const s2 = f[i] * f[i];
        row[i] = Math.cos(2 * (k.a * s2 * (v.mean + d) - k.b * s2 * s2 + k.phiAmp + v.phase));
      }
      rows.set(d, row);
    }
    return row;
  };
  const r = new Float64Array(nb);
  const nodes = (t: number): Float64Array => {
    for (let i = lo; i < hi; i++) r[i] = t > 0 ? roundedSquare(Math.PI * lambda * f[i] * f[i] * t) : 1;
    return r;
  };
  const range = (from: number, to: number, step: number): number[] => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, j) => from + j * step);
  /** Best δ for the node profile in `r` among `ds`. */
  const bestShift = (ds: number[]): { d: number; score: number } => {
    let out = { d: 0, score: -Infinity };
    for (const d of ds) { const c = correlate(data, r, cosAt(d), 0, lo, hi); if (c > out.score) out = { d, score: c }; }
    return out;
  };
  // Coarse to fine: δ in 50 Å steps (2χ moves ≤ 0.8 rad at 2.8 Å per step) with t in 4 % steps, then δ in 10 Å steps
  // within ±50 Å and t in 0.5 % steps within one coarse step, then a golden-section polish of t.
  const coarseShifts = range(-1000, 1000, 50);
  nodes(0);
  const noNode0 = bestShift(coarseShifts);
  nodes(0);
  const noNodeScore = bestShift(range(noNode0.d - 50, noNode0.d + 50, 10)).score;
  const tMin = Math.max(o.minThicknessA ?? 400, detectableA);
  const tMax = o.maxThicknessA ?? 20000;
  const best = { score: -Infinity, t: 0, d: 0 };
  const consider = (ts: number[], ds: number[]): void => {
    for (const t of ts) {
      nodes(t);
      const c = bestShift(ds);
      if (c.score > best.score) { best.score = c.score; best.t = t; best.d = c.d; }
    }
  };
  const logRange = (from: number, to: number, ratio: number): number[] => {
    const out: number[] = [];
    for (let t = from; t <= to; t *= ratio) out.push(t);
    return out;
  };
  consider(logRange(tMin, tMax, 1.04), coarseShifts);
  if (best.t === 0) return { thicknessA: null, detectableA, defocusShiftA: 0, score: noNodeScore, noNodeScore };
  consider(logRange(Math.max(tMin, best.t / 1.04), Math.min(tMax, best.t * 1.04), 1.005), range(best.d - 50, best.d + 50, 10));
  let lo2 = best.t / 1.005;
  let hi2 = best.t * 1.005;
  const g = (Math.sqrt(5) - 1) / 2;
  const at = (t: number): number => correlate(data, nodes(t), cosAt(best.d), 0, lo, hi);
  for (let it = 0; it < 12; it++) {
    const x1 = hi2 - g * (hi2 - lo2);
    const x2 = lo2 + g * (hi2 - lo2);
    if (at(x1) >= at(x2)) hi2 = x2; else lo2 = x1;
  }
  const polished = at((lo2 + hi2) / 2);
  if (polished > best.score) { best.score = polished; best.t = (lo2 + hi2) / 2; }
  const seen = best.score - noNodeScore >= (o.minGain ?? 0.05);
  return { thicknessA: seen ? best.t : null, detectableA, defocusShiftA: seen ? best.d : 0, score: best.score, noNodeScore };
}
