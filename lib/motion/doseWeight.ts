// Dose weighting (Grant & Grigorieff 2015): critical exposure with voltage scaling, applied while summing spectra.
import { spectrumColumns } from '../fft/index.js';
import { shiftRamps } from './alignPasses.js';

/**
 * Voltage factor on the critical exposure (MotionCor3 Correct/GWeightFrame.cu; reference §1.2): 1 at ≥ 300 kV,
 * 0.002·(kV−200)+0.8 for 200–300, 0.004375·(kV−120)+0.45 for 120–200, 0.45 below. Agrees with RELION at
 * 300 and 200 kV (RELION divides the dose by 0.8 at 200 kV).
 */
export function voltageFactor(kv: number): number {
  if (kv >= 300) return 1;
  if (kv >= 200) return 0.002 * (kv - 200) + 0.8;
  if (kv >= 120) return 0.004375 * (kv - 120) + 0.45;
  return 0.45;
}

/** Ne(k) = 0.245·k^−1.665 + 2.81 e⁻/Å² (k in 1/Å; eLife 2015;4:e06980 Eq. 3), ∞ at k = 0. */
export function criticalExposure(k: number): number {
  return k > 0 ? 0.245 * k ** -1.665 + 2.81 : Infinity;
}

export interface DoseWeighterOptions {
  /** Å per pixel of the spectra being weighted. */
  pixelSizeA: number;
  /** e⁻/Å² per frame. */
  dosePerFrame: number;
  /** e⁻/Å² before the first frame. @default 0 */
  preExposure?: number;
  /** @default 300 */
  voltageKv?: number;
}

/**
 * 1/(2·Ne(k)) in Å²/e⁻ (0 at k = 0), voltage-scaled, for every stored frequency of a width × height half-plane
 * spectrum. Rows ky and height−ky have the same |k|, so each is computed once. `alloc` makes the table (e.g. on
 * shared memory, so every thread can use one copy).
 */
export function halfInverseCriticalExposure(width: number, height: number, options: Pick<DoseWeighterOptions, 'pixelSizeA' | 'voltageKv'>, alloc: (n: number) => Float32Array = (n) => new Float32Array(n)): Float32Array {
  const half = spectrumColumns(width);
  const kvf = voltageFactor(options.voltageKv ?? 300);
  const out = alloc(half * height);
  for (let ky = 0; ky <= height >> 1; ky++) {
    const sy = ky / (height * options.pixelSizeA);
    const row = ky * half;
    for (let kx = 0; kx < half; kx++) out[row + kx] = 1 / (2 * kvf * criticalExposure(Math.hypot(kx / (width * options.pixelSizeA), sy)));
    if (ky > 0 && ky < height - ky) out.copyWithin((height - ky) * half, row, row + half);
  }
  return out;
}

/** Σ_i q_i² for one frequency with a = 1/(2·Ne): the closed form squaredWeightSum and doseWeightTables use. */
function squaredWeightOf(a: number, pre: number, dose: number, frames: number): number {
  const c = 2 * a; // q_i² = exp(−c·N_i)
  return c === 0 ? frames : Math.exp(-c * (pre + dose)) * (Math.expm1(-c * dose * frames) / Math.expm1(-c * dose));
}

/**
 * Σ_i q_i(k)² over `frames` frames, q_i = exp(−N_i/(2·Ne(k))), N_i = pre + dose·(i+1): a geometric series,
 * summed in closed form in float64 (expm1 keeps it exact where q ≈ 1 at low frequency). `a` from halfInverseCriticalExposure.
 */
export function squaredWeightSum(a: Float32Array, options: Pick<DoseWeighterOptions, 'dosePerFrame' | 'preExposure'>, frames: number): Float32Array {
  const pre = options.preExposure ?? 0;
  const d = options.dosePerFrame;
  const out = new Float32Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = squaredWeightOf(a[j], pre, d, frames);
  return out;
}

/** Samples of the radial profiles doseWeightTables interpolates, from k = 0 to the corner of the spectrum. */
const RADIAL_SAMPLES = 1 << 16;
/** Inside this many samples of k = 0 the values are computed directly: a ∝ k^1.665 bends most there. */
const DIRECT_SAMPLES = 4096;

/**
 * The three tables a dose-weighted sum needs, column-major (frequency (kx, ky) at kx·height + ky, the order fft2d's
 * column transforms produce and consume): a = 1/(2·Ne(k)), r = exp(−dose·a) (as
 * doseStepTable) and Σq² (as squaredWeightSum). All three depend on |k| only, so they are computed exactly at 2^16
 * radii out to the spectrum's corner and interpolated linearly in |k| (4096²: 1.1 s → under 0.1 s on the main thread,
 * which otherwise held back the threads' first tasks). The relative error (spacing² × the profiles' relative
 * curvature / 8) is under 1e-8 from 4096 samples out; nearer k = 0 the values are computed directly.
 */
export function doseWeightTables(width: number, height: number, options: DoseWeighterOptions, frames: number, alloc: (n: number) => Float32Array = (n) => new Float32Array(n)): { a: Float32Array; r: Float32Array; q2: Float32Array } {
  const apix = options.pixelSizeA;
  const kvf = voltageFactor(options.voltageKv ?? 300);
  const pre = options.preExposure ?? 0;
  const d = options.dosePerFrame;
  const step = Math.hypot(0.5 / apix, 0.5 / apix) / RADIAL_SAMPLES;
  // Slots 0 … RADIAL_SAMPLES + 1 sample the profiles (one past the corner, so interpolation stays inside);
  // the last slot takes a directly computed value.
  const pa = new Float64Array(RADIAL_SAMPLES + 3);
  const pr = new Float64Array(RADIAL_SAMPLES + 3);
  const pq = new Float64Array(RADIAL_SAMPLES + 3);
  const direct = RADIAL_SAMPLES + 2;
  const exact = (k: number, i: number): void => {
    const ai = 1 / (2 * kvf * criticalExposure(k));
    pa[i] = ai;
    pr[i] = Math.exp(-d * ai);
    pq[i] = squaredWeightOf(ai, pre, d, frames);
  };
  for (let i = 0; i < direct; i++) exact(i * step, i);
  const half = spectrumColumns(width);
  const a = alloc(half * height);
  const r = alloc(half * height);
  const q2 = alloc(half * height);
  for (let kx = 0; kx < half; kx++) {
    const col = kx * height;
    const fx = kx / (width * apix);
    for (let ky = 0; ky <= height >> 1; ky++) {
      const fy = ky / (height * apix);
      const k = Math.sqrt(fx * fx + fy * fy);
      const t = k / step;
      let i = direct;
      let f = 0;
      if (t < DIRECT_SAMPLES) exact(k, direct);
      else {
        i = Math.floor(t);
        f = t - i;
      }
      const j = col + ky;
      a[j] = f === 0 ? pa[i] : pa[i] + f * (pa[i + 1] - pa[i]);
      r[j] = f === 0 ? pr[i] : pr[i] + f * (pr[i + 1] - pr[i]);
      q2[j] = f === 0 ? pq[i] : pq[i] + f * (pq[i + 1] - pq[i]);
      if (ky > 0 && ky < height - ky) {
        a[col + height - ky] = a[j];
        r[col + height - ky] = r[j];
        q2[col + height - ky] = q2[j];
      }
    }
  }
  return { a, r, q2 };
}

/**
 * The plain sum Σ F_i and the dose-weighted Σ q_i(k)·F_i(k) of a block of consecutive frames first … last,
 * q_i = exp(−N_i/(2·Ne(k))), N_i = pre + dose·(i+1) (the dose at the END of frame i, as RELION's doseWeighting),
 * each frame moved by a phase ramp on the way in (shiftSpectrum's convention). Frames are added LAST FIRST so
 * the weights nest (Horner): D ← r·D + F with r = exp(−dose/(2·Ne)), and finish() multiplies by q_first, so
 * each frequency costs one weight read per frame and no exp(). Blocks' sums add up to the whole movie's;
 * the sum of the blocks is then scaled by doseWeightedScale, 1/sqrt(Σ q²) ("Eq. 9"; inverseSumTask).
 *
 * The sums and tables are column-major, as doseWeightTables makes them: a frame's spectrum arrives from fft2d a
 * block of columns at a time, and adding it then streams through the 2 × 67 MB of sums of a 4096² frame in order
 * instead of hopping 16 kB a row (4096², one thread: 151 → 72 ms a frame). fft2d.inverseRowsFrom reads them back.
 */
export class DoseAccumulator {
  readonly plain: Float32Array;
  readonly weighted: Float32Array;
  private readonly r: Float32Array;
  private readonly a: Float32Array;
  private readonly half: number;
  private readonly firstDose: number;
  /** The current frame's separable phase ramps (shiftRamps: cos, sin interleaved per kx and per ky). */
  private readonly px: Float64Array;
  private readonly py: Float64Array;
  /** The current frame has no shift (a frame warped in real space): its ramp is exactly 1 + 0i, so it is skipped. */
  private unshifted = false;

  /**
   * `a`: doseWeightTables' a of this size (computed when not given); `r`: exp(−dose·a) per frequency,
   * shareable between blocks (computed when not given). `alloc` makes the two sums (e.g. on shared memory, so
   * a worker can return them without a copy).
   */
  constructor(readonly width: number, readonly height: number, options: DoseWeighterOptions & { firstFrame?: number; a?: Float32Array; r?: Float32Array }, alloc: (n: number) => Float32Array = (n) => new Float32Array(n)) {
    this.half = spectrumColumns(width);
    const n = this.half * height;
    this.a = options.a ?? doseWeightTables(width, height, options, 1).a;
    this.r = options.r ?? doseStepTable(this.a, options.dosePerFrame);
    if (this.a.length !== n || this.r.length !== n) throw new Error(`dose weights: tables of ${this.a.length}/${this.r.length} frequencies for a ${width}×${height} spectrum`);
    this.firstDose = (options.preExposure ?? 0) + options.dosePerFrame * ((options.firstFrame ?? 0) + 1);
    this.plain = alloc(2 * n);
    this.weighted = alloc(2 * n);
    this.px = new Float64Array(2 * this.half);
    this.py = new Float64Array(2 * height);
  }

  /** Starts the next frame (the previous one in time), to be moved by (dx, dy) pixels of this grid; then add its spectrum with add() or addColumns(). */
  nextFrame(dx = 0, dy = 0): void {
    shiftRamps(dx, dy, this.width, this.height, this.px, this.py);
    this.unshifted = dx === 0 && dy === 0;
  }

  /** Adds the current frame's whole half-plane spectrum (this accumulator's size, Spectrum2D's row-major layout). */
  add(S: Float32Array): void {
    this.addColumns(0, this.half, S, 0, 2, 2 * this.half);
  }

  /**
   * Adds columns kx0 … kx0+nb−1 of the current frame: value (kx0 + c, ky) at S[off + c·colStride + ky·rowStride]
   * (re; im next). Every frequency must be added exactly once per frame (each nests its weight).
   */
  addColumns(kx0: number, nb: number, S: Float32Array, off: number, colStride: number, rowStride: number): void {
    const { r, height: h, plain: P, weighted: D, px, py } = this;
    if (this.unshifted) {
      addUnshiftedColumns(kx0, nb, S, off, colStride, rowStride, h, r, P, D);
      return;
    }
    for (let kx = kx0; kx < kx0 + nb; kx++) {
      const cx = px[2 * kx];
      const sx = px[2 * kx + 1];
      let s = off + (kx - kx0) * colStride;
      for (let ky = 0, j = kx * h; ky < h; ky++, j++, s += rowStride) {
        const cy = py[2 * ky];
        const sy = py[2 * ky + 1];
        const pr = cx * cy - sx * sy;
        const pi = cx * sy + sx * cy;
        const re = S[s] * pr - S[s + 1] * pi;
        const im = S[s] * pi + S[s + 1] * pr;
        const w = r[j];
        P[2 * j] += re;
        P[2 * j + 1] += im;
        D[2 * j] = w * D[2 * j] + re;
        D[2 * j + 1] = w * D[2 * j + 1] + im;
      }
    }
  }

  /** After the block's first frame: applies q_first to the nested weighted sum. Returns both sums (column-major). */
  finish(): { plain: Float32Array; weighted: Float32Array } {
    const { a, weighted: D, firstDose } = this;
    for (let j = 0; j < a.length; j++) {
      const q = Math.exp(-firstDose * a[j]);
      D[2 * j] *= q;
      D[2 * j + 1] *= q;
    }
    return { plain: this.plain, weighted: D };
  }
}

/** DoseAccumulator.addColumns for a frame with no shift: the same sums, bit for bit (a ramp of 1 + 0i changes no value), without the ramp. */
function addUnshiftedColumns(kx0: number, nb: number, S: Float32Array, off: number, colStride: number, rowStride: number, h: number, r: Float32Array, P: Float32Array, D: Float32Array): void {
  for (let kx = kx0; kx < kx0 + nb; kx++) {
    let s = off + (kx - kx0) * colStride;
    for (let ky = 0, j = kx * h; ky < h; ky++, j++, s += rowStride) {
      const re = S[s];
      const im = S[s + 1];
      const w = r[j];
      P[2 * j] += re;
      P[2 * j + 1] += im;
      D[2 * j] = w * D[2 * j] + re;
      D[2 * j + 1] = w * D[2 * j + 1] + im;
    }
  }
}

/** r = exp(−dose·a) per frequency: the weight ratio between consecutive frames. */
export function doseStepTable(a: Float32Array, dosePerFrame: number, alloc: (n: number) => Float32Array = (n) => new Float32Array(n)): Float32Array {
  const r = alloc(a.length);
  for (let j = 0; j < a.length; j++) r[j] = Math.exp(-dosePerFrame * a[j]);
  return r;
}

/** The factor a dose-weighted sum is scaled by at a frequency with Σ q² = `q2` (from squaredWeightSum): 1/√Σq², 0 where Σq² is 0 ("Eq. 9"). */
export function doseWeightedScale(q2: number): number {
  return q2 > 0 ? 1 / Math.sqrt(q2) : 0;
}
