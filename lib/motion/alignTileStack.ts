// alignSpectra for the many small stacks of patch alignment: the same arithmetic in fewer passes, buffers reused from stack to stack.
import type { Spectrum2D } from '../fft/index.js';
import { fft2d, signedFrequency, spectrumColumns } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { applyIncrements, resolveAlignment, searchRadiusAt, weightTable } from './alignGlobal.js';
import type { AlignSpectraOptions, AlignSpectraResult } from './alignGlobal.js';
import { subPixelPeak } from './peak.js';

/** Working memory of alignTileStack for one tile size (and frame count, B-factor, scale), kept between stacks. */
export interface TileStackScratch {
  width: number;
  height: number;
  aligned: Float32Array[];
  ref: Float32Array;
  cps: Spectrum2D;
  map: Image2D;
  /** cos, sin of one frame's x phase ramp (shiftSpectrum's), interleaved. */
  phase: Float64Array;
  weight?: { key: string; table: Float32Array };
}

export function createTileStackScratch(width: number, height: number, frames: number): TileStackScratch {
  const n = 2 * spectrumColumns(width) * height;
  const half = spectrumColumns(width);
  return {
    width, height,
    aligned: Array.from({ length: frames }, () => new Float32Array(n)),
    ref: new Float32Array(n),
    cps: { width, height, data: new Float32Array(n) },
    map: { width, height, data: new Float32Array(width * height) },
    phase: new Float64Array(2 * half),
  };
}

/**
 * What alignSpectra returns, to float rounding (same phase ramps, same sums in the same order): shift and
 * sum in one pass, (sum − frame) · frame · weight in one pass. Needs initFft().
 */
export function alignTileStack(frames: Spectrum2D[], options: AlignSpectraOptions, scratch?: TileStackScratch): AlignSpectraResult {
  const { width: w, height: h } = frames[0];
  const s = scratch && scratch.width === w && scratch.height === h && scratch.aligned.length === frames.length ? scratch : createTileStackScratch(w, h, frames.length);
  const a = resolveAlignment(frames, options);
  const key = `${a.bfactor} ${a.scale[0]} ${a.scale[1]}`;
  if (s.weight?.key !== key) s.weight = { key, table: weightTable(w, h, a.bfactor, a.scale) };
  const weight = s.weight.table;
  const plan = fft2d(w, h);
  let it = 0;
  let inc = Infinity;
  while (it < a.maxIterations && inc >= a.tolerance) {
    it++;
    s.ref.fill(0);
    for (let i = 0; i < frames.length; i++) shiftAndAdd(frames[i].data, -a.shifts[i].dx / a.scale[0], -a.shifts[i].dy / a.scale[1], s, s.aligned[i]);
    const searchRadius = searchRadiusAt(a, it);
    const peaks = s.aligned.map((al) => {
      weightedCrossPower(s.ref, al, weight, s.cps.data);
      return subPixelPeak(plan.inverse(s.cps, s.map), { searchRadius });
    });
    inc = applyIncrements(a.shifts, peaks, a.scale);
  }
  return { shifts: a.shifts, iterations: it, converged: inc < a.tolerance, lastIncrement: inc };
}

/**
 * shiftSpectrum(frame, dx, dy) into D (same expressions, so the same float32 values) and D added to the
 * running sum s.ref. A zero shift (frame 0, and every frame in the first pass) is a plain copy: the ramp
 * is then exactly 1 + 0i.
 */
function shiftAndAdd(S: Float32Array, dx: number, dy: number, s: TileStackScratch, D: Float32Array): void {
  const { width: w, height: h, phase: p, ref: R } = s;
  if (dx === 0 && dy === 0) {
    D.set(S);
    for (let i = 0; i < S.length; i++) R[i] += S[i];
    return;
  }
  const n = p.length;
  for (let k = 0; k < n; k += 2) {
    const a = (-2 * Math.PI * (k >> 1) * dx) / w;
    p[k] = Math.cos(a);
    p[k + 1] = Math.sin(a);
  }
  for (let ky = 0; ky < h; ky++) {
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
 * framePeak's weighted cross-power conj(R − A)·A·W in one pass. framePeak rounds each step to float32; here
 * the steps stay in double (rounding-level differences, half the time).
 */
function weightedCrossPower(R: Float32Array, A: Float32Array, weight: Float32Array, C: Float32Array): void {
  for (let j = 0, k = 0; j < weight.length; j++, k += 2) {
    const ar = A[k];
    const ai = A[k + 1];
    const dr = R[k] - ar;
    const di = R[k + 1] - ai;
    const wt = weight[j];
    C[k] = (dr * ar + di * ai) * wt;
    C[k + 1] = (dr * ai - di * ar) * wt;
  }
}
