// Iterative full-frame alignment: each frame against the sum of the others, on Fourier-cropped spectra.
import type { Fft2d, Spectrum2D } from '../fft/index.js';
import { fft2d, signedFrequency, spectrumColumns } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { shiftAndAddRows, weightedCrossPowerColumns } from './alignPasses.js';
import { peakRows, subPixelPeak } from './peak.js';

export interface Shift {
  dx: number;
  dy: number;
}

export interface AlignSpectraOptions {
  /** B-factor (input pixels²): the cross-power is weighted by exp(−B·s²/4), s in cycles per input pixel. @default 500 */
  bfactor?: number;
  /** Input pixels per working pixel along x and y (the Fourier-crop factor). @default [1, 1] */
  scale?: [number, number];
  /** @default 10 */
  maxIterations?: number;
  /** Stop when the largest shift increment is below this, input pixels. @default 0.05 */
  tolerance?: number;
  /** Largest shift between iterations searched, input pixels. @default 60 */
  maxShift?: number;
  /** Largest increment searched after the first iteration, input pixels. @default 4 */
  refineShift?: number;
  /** Starting shifts (input pixels). @default zeros */
  initial?: Shift[];
}

export interface AlignSpectraResult {
  /** Content displacement of frame i relative to frame 0, input pixels. */
  shifts: Shift[];
  iterations: number;
  converged: boolean;
  /** Largest increment of the last iteration, input pixels. */
  lastIncrement: number;
}

/** exp(−B·s²/4) over the half plane of a working grid, s measured in cycles per INPUT pixel; DC zeroed. */
export function weightTable(w: number, h: number, bfactor: number, scale: [number, number]): Float32Array {
  const half = spectrumColumns(w);
  const t = new Float32Array(half * h);
  for (let ky = 0; ky < h; ky++) {
    const sy = signedFrequency(ky, h) / (h * scale[1]);
    for (let kx = 0; kx < half; kx++) {
      const sx = kx / (w * scale[0]);
      t[ky * half + kx] = Math.exp((-bfactor * (sx * sx + sy * sy)) / 4);
    }
  }
  t[0] = 0;
  return t;
}

/** Working memory of alignSpectra for one spectrum size and frame count, reusable from stack to stack (patch alignment). */
export interface AlignScratch {
  width: number;
  height: number;
  aligned: Float32Array[];
  ref: Float32Array;
  phase: Float64Array;
  peak: PeakScratch;
  weight?: { key: string; table: Float32Array };
}

export function createAlignScratch(width: number, height: number, frames: number): AlignScratch {
  const n = 2 * spectrumColumns(width) * height;
  return {
    width, height,
    aligned: Array.from({ length: frames }, () => new Float32Array(n)),
    ref: new Float32Array(n),
    phase: new Float64Array(2 * spectrumColumns(width)),
    peak: createPeakScratch(width, height),
  };
}

/**
 * MotionCor2/RELION-style global alignment (reference §1.1): form the aligned sum, correlate every frame
 * with (sum − frame) under the B-factor weight, move it by the sub-pixel peak, repeat until the largest
 * increment is below tolerance. Shifts are re-referenced to frame 0 after each iteration. `scratch` (when
 * it fits) saves the allocations for the next stack of the same size. Needs initFft().
 */
export function alignSpectra(frames: Spectrum2D[], options: AlignSpectraOptions = {}, scratch?: AlignScratch): AlignSpectraResult {
  const { width: w, height: h } = frames[0];
  const s = scratch && scratch.width === w && scratch.height === h && scratch.aligned.length === frames.length ? scratch : createAlignScratch(w, h, frames.length);
  const a = resolveAlignment(frames, options);
  const key = `${a.bfactor} ${a.scale[0]} ${a.scale[1]}`;
  if (s.weight?.key !== key) s.weight = { key, table: weightTable(w, h, a.bfactor, a.scale) };
  const weight = s.weight.table;
  const data = frames.map((f) => f.data);
  let it = 0;
  let inc = Infinity;
  while (it < a.maxIterations && inc >= a.tolerance) {
    it++;
    formAlignedSum(data, w, h, a.shifts, a.scale, [0, h], s.phase, s.aligned, s.ref);
    const radius = searchRadiusAt(a, it);
    inc = applyIncrements(a.shifts, s.aligned.map((al) => framePeak(s.ref, al, weight, radius, s.peak)), a.scale);
  }
  return { shifts: a.shifts, iterations: it, converged: inc < a.tolerance, lastIncrement: inc };
}

/** alignSpectra's settings with defaults applied, radii in working pixels, and a private copy of the starting shifts. */
export interface ResolvedAlignment {
  scale: [number, number];
  bfactor: number;
  maxIterations: number;
  tolerance: number;
  radius: number;
  refineRadius: number;
  shifts: Shift[];
}

export function resolveAlignment(frames: Spectrum2D[], options: AlignSpectraOptions): ResolvedAlignment {
  const scale = options.scale ?? [1, 1];
  const finest = Math.min(scale[0], scale[1]);
  return {
    scale,
    bfactor: options.bfactor ?? 500,
    maxIterations: options.maxIterations ?? 10,
    tolerance: options.tolerance ?? 0.05,
    radius: Math.ceil((options.maxShift ?? 60) / finest),
    refineRadius: Math.max(2, Math.ceil((options.refineShift ?? 4) / finest)),
    shifts: (options.initial ?? frames.map(() => ({ dx: 0, dy: 0 }))).map((s) => ({ ...s })),
  };
}

/** After the first pass only refinements are expected: a small window keeps a signal-free frame from wandering. */
export function searchRadiusAt(a: ResolvedAlignment, iteration: number): number {
  return iteration === 1 ? a.radius : Math.min(a.radius, a.refineRadius);
}

/**
 * Rows [y0, y1) of every frame (w × h half-plane spectra) moved back by its shift (input pixels) into
 * `aligned`, and of their sum, added in frame order, into `ref`. Rows are independent, so threads that
 * split the rows write exactly what one pass over all rows writes.
 */
export function formAlignedSum(frames: Float32Array[], w: number, h: number, shifts: Shift[], scale: [number, number], rows: [number, number], phase: Float64Array, aligned: Float32Array[], ref: Float32Array): void {
  const n = 2 * spectrumColumns(w);
  ref.fill(0, rows[0] * n, rows[1] * n);
  for (let i = 0; i < frames.length; i++) shiftAndAddRows(frames[i], -shifts[i].dx / scale[0], -shifts[i].dy / scale[1], w, h, rows[0], rows[1], phase, aligned[i], ref);
}

/** Adds each frame's peak (working pixels) to its shift, re-references to frame 0; returns the largest increment (input pixels). */
export function applyIncrements(shifts: Shift[], peaks: Shift[], scale: [number, number]): number {
  let inc = 0;
  for (let i = 0; i < shifts.length; i++) {
    const dx = peaks[i].dx * scale[0];
    const dy = peaks[i].dy * scale[1];
    shifts[i].dx += dx;
    shifts[i].dy += dy;
    inc = Math.max(inc, Math.hypot(dx, dy));
  }
  const s0 = { ...shifts[0] };
  for (const s of shifts) {
    s.dx -= s0.dx;
    s.dy -= s0.dy;
  }
  return inc;
}

/** Scratch of framePeak, reused across frames. */
export interface PeakScratch {
  plan: Fft2d;
  map: Image2D;
}

export function createPeakScratch(width: number, height: number): PeakScratch {
  return { plan: fft2d(width, height), map: { width, height, data: new Float32Array(width * height) } };
}

/** Peak (working pixels) of the B-weighted correlation of one aligned frame with the sum of the others (spectra of the scratch's size). */
export function framePeak(ref: Float32Array, aligned: Float32Array, weight: Float32Array, searchRadius: number, s: PeakScratch): { dx: number; dy: number } {
  const { plan, map } = s;
  const half = spectrumColumns(plan.width);
  // Only the rows the peak search reads are transformed back (inverseRows: about half of a full inverse).
  plan.inverseRowsFrom((kx0, nb, H, off) => weightedCrossPowerColumns(ref, aligned, weight, half, plan.height, kx0, nb, H, off), peakRows(plan.width, plan.height, searchRadius), map);
  return subPixelPeak(map, { searchRadius });
}
