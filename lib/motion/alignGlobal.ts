// Iterative full-frame alignment: each frame against the sum of the others, on Fourier-cropped spectra.
import type { Spectrum2D } from '../fft/index.js';
import { crossPowerSpectrum, fft2d, shiftSpectrum, signedFrequency, spectrumColumns } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { subPixelPeak } from './peak.js';

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

/**
 * MotionCor2/RELION-style global alignment (reference §1.1): form the aligned sum, correlate every frame
 * with (sum − frame) under the B-factor weight, move it by the sub-pixel peak, repeat until the largest
 * increment is below tolerance. Shifts are re-referenced to frame 0 after each iteration. Needs initFft().
 */
export function alignSpectra(frames: Spectrum2D[], options: AlignSpectraOptions = {}): AlignSpectraResult {
  const { width: w, height: h } = frames[0];
  const a = resolveAlignment(frames, options);
  const weight = weightTable(w, h, a.bfactor, a.scale);
  const plan = fft2d(w, h);
  const aligned = frames.map((f) => ({ width: w, height: h, data: new Float32Array(f.data.length) }));
  const ref: Spectrum2D = { width: w, height: h, data: new Float32Array(frames[0].data.length) };
  const cps: Spectrum2D = { width: w, height: h, data: new Float32Array(frames[0].data.length) };
  const map: Image2D = { width: w, height: h, data: new Float32Array(w * h) };
  let it = 0;
  let inc = Infinity;
  while (it < a.maxIterations && inc >= a.tolerance) {
    it++;
    formAlignedSum(frames, a.shifts, a.scale, aligned, ref);
    const radius = searchRadiusAt(a, it);
    inc = applyIncrements(a.shifts, aligned.map((f) => framePeak(ref, f, weight, radius, { plan, cps, map })), a.scale);
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

/** Shifts every frame back by its current shift into `aligned` and sums them into `ref`. */
export function formAlignedSum(frames: Spectrum2D[], shifts: Shift[], scale: [number, number], aligned: Spectrum2D[], ref: Spectrum2D): void {
  ref.data.fill(0);
  for (let i = 0; i < frames.length; i++) {
    shiftSpectrum(frames[i], -shifts[i].dx / scale[0], -shifts[i].dy / scale[1], { out: aligned[i] });
    const a = aligned[i].data;
    for (let j = 0; j < a.length; j++) ref.data[j] += a[j];
  }
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
  plan: ReturnType<typeof fft2d>;
  cps: Spectrum2D;
  map: Image2D;
}

/** Peak (working pixels) of the B-weighted correlation of one aligned frame with the sum of the others. */
export function framePeak(ref: Spectrum2D, aligned: Spectrum2D, weight: Float32Array, searchRadius: number, s: PeakScratch): { dx: number; dy: number } {
  const a = aligned.data;
  const c = s.cps.data;
  for (let j = 0; j < a.length; j++) c[j] = ref.data[j] - a[j];
  crossPowerSpectrum(s.cps, aligned, s.cps);
  for (let j = 0, k = 0; j < weight.length; j++, k += 2) { c[k] *= weight[j]; c[k + 1] *= weight[j]; }
  return subPixelPeak(s.plan.inverse(s.cps, s.map), { searchRadius });
}
