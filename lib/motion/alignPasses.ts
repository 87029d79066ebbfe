// The per-element passes of the alignment loop (global and patch): shift-and-sum of the frames, weighted cross-power of one frame.
import { signedFrequency, spectrumColumns } from '../fft/index.js';

/**
 * Rows [y0, y1) of shiftSpectrum(S, dx, dy) into D (the same expressions, so the same float32 values), and D
 * added to R. A zero shift (frame 0, and every frame of the first pass) is a plain copy: the ramp is then
 * exactly 1 + 0i. `phase` is scratch for the x ramp, ≥ 2·(w/2 + 1) doubles.
 */
export function shiftAndAddRows(S: Float32Array, dx: number, dy: number, w: number, h: number, y0: number, y1: number, phase: Float64Array, D: Float32Array, R: Float32Array): void {
  const n = 2 * spectrumColumns(w);
  if (dx === 0 && dy === 0) {
    const end = y1 * n;
    D.set(S.subarray(y0 * n, end), y0 * n);
    for (let i = y0 * n; i < end; i++) R[i] += S[i];
    return;
  }
  const p = phase;
  for (let k = 0; k < n; k += 2) {
    const a = (-2 * Math.PI * (k >> 1) * dx) / w;
    p[k] = Math.cos(a);
    p[k + 1] = Math.sin(a);
  }
  for (let ky = y0; ky < y1; ky++) {
    const a = (-2 * Math.PI * signedFrequency(ky, h) * dy) / h;
    const cy = Math.cos(a);
    const sy = Math.sin(a);
    for (let k = 0, i = ky * n; k < n; k += 2, i += 2) {
      const pr = p[k] * cy - p[k + 1] * sy;
      const pi = p[k] * sy + p[k + 1] * cy;
      const re = S[i];
      const im = S[i + 1];
      const vr = Math.fround(re * pr - im * pi);
      const vi = Math.fround(re * pi + im * pr);
      D[i] = vr;
      D[i + 1] = vi;
      R[i] += vr;
      R[i + 1] += vi;
    }
  }
}

/**
 * Columns kx0 … kx0 + nb − 1 of the weighted cross-power conj(R − A)·A·W of one aligned frame A with the sum
 * R of all (steps kept in double), written in fft2d's column layout (column c at H[off + c·2h + 2·ky]) for
 * inverseRowsFrom: the cross-power is never stored as a spectrum of its own (20% faster than storing it).
 */
export function weightedCrossPowerColumns(R: Float32Array, A: Float32Array, weight: Float32Array, half: number, h: number, kx0: number, nb: number, H: Float32Array, off: number): void {
  const h2 = 2 * h;
  for (let ky = 0; ky < h; ky++) {
    let j = ky * half + kx0;
    let d = off + 2 * ky;
    for (let c = 0; c < nb; c++, j++, d += h2) {
      const k = 2 * j;
      const ar = A[k];
      const ai = A[k + 1];
      const dr = R[k] - ar;
      const di = R[k + 1] - ai;
      const wt = weight[j];
      H[d] = (dr * ar + di * ai) * wt;
      H[d + 1] = (dr * ai - di * ar) * wt;
    }
  }
}

/** shiftSpectrum's phase ramps for a (dx, dy) shift of a w × h spectrum: cos, sin interleaved per kx into `px`, per ky into `py`. */
export function shiftRamps(dx: number, dy: number, w: number, h: number, px: Float64Array, py: Float64Array): void {
  for (let kx = 0; kx < spectrumColumns(w); kx++) {
    const a = (-2 * Math.PI * kx * dx) / w;
    px[2 * kx] = Math.cos(a);
    px[2 * kx + 1] = Math.sin(a);
  }
  for (let ky = 0; ky < h; ky++) {
    const a = (-2 * Math.PI * signedFrequency(ky, h) * dy) / h;
    py[2 * ky] = Math.cos(a);
    py[2 * ky + 1] = Math.sin(a);
  }
}

/**
 * Columns kx0 … kx0 + nb − 1 of shiftSpectrum(S, dx, dy) (ramps from shiftRamps; the same expressions, so the
 * same float32 values) in fft2d's column layout, for inverseRowsFrom: the shifted spectrum is never stored.
 */
export function shiftedColumns(S: Float32Array, half: number, h: number, px: Float64Array, py: Float64Array, kx0: number, nb: number, H: Float32Array, off: number): void {
  const h2 = 2 * h;
  for (let ky = 0; ky < h; ky++) {
    const cy = py[2 * ky];
    const sy = py[2 * ky + 1];
    let i = 2 * (ky * half + kx0);
    let d = off + 2 * ky;
    for (let c = 0, k = 2 * kx0; c < nb; c++, i += 2, k += 2, d += h2) {
      const pr = px[k] * cy - px[k + 1] * sy;
      const pi = px[k] * sy + px[k + 1] * cy;
      const re = S[i];
      const im = S[i + 1];
      H[d] = re * pr - im * pi;
      H[d + 1] = re * pi + im * pr;
    }
  }
}
