// Dose weighting (Grant & Grigorieff 2015): critical exposure with voltage scaling, applied while summing spectra.
import { signedFrequency, spectrumColumns } from '../fft/index.js';

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

/** Per stored frequency j of a width × height half-plane spectrum: 1/(2·Ne) in Å²/e⁻ (0 at k = 0), voltage-scaled. */
function halfInverseCriticalExposure(width: number, height: number, options: DoseWeighterOptions): Float64Array {
  const half = spectrumColumns(width);
  const kvf = voltageFactor(options.voltageKv ?? 300);
  const out = new Float64Array(half * height);
  for (let ky = 0; ky < height; ky++) {
    const sy = signedFrequency(ky, height) / (height * options.pixelSizeA);
    for (let kx = 0; kx < half; kx++) out[ky * half + kx] = 1 / (2 * kvf * criticalExposure(Math.hypot(kx / (width * options.pixelSizeA), sy)));
  }
  return out;
}

/**
 * Σ_i q_i(k)² over `frames` frames, q_i = exp(−N_i/(2·Ne(k))), N_i = pre + dose·(i+1): a geometric series,
 * summed in closed form in float64 (expm1 keeps it exact where q ≈ 1 at low frequency).
 */
export function squaredWeightSum(width: number, height: number, options: DoseWeighterOptions, frames: number): Float32Array {
  const a = halfInverseCriticalExposure(width, height, options);
  const pre = options.preExposure ?? 0;
  const d = options.dosePerFrame;
  const out = new Float32Array(a.length);
  for (let j = 0; j < a.length; j++) {
    const c = 2 * a[j]; // q_i² = exp(−c·N_i)
    out[j] = c === 0 ? frames : Math.exp(-c * (pre + d)) * (Math.expm1(-c * d * frames) / Math.expm1(-c * d));
  }
  return out;
}

/**
 * Accumulates, frame after frame in order from `firstFrame`, the plain sum Σ F_i and the dose-weighted
 * Σ q_i(k)·F_i(k) with q_i = exp(−N_i/(2·Ne(k))), N_i = pre + dose·(i+1) (the dose at the END of frame i, as
 * RELION's doseWeighting), each frame optionally moved by a phase ramp on the way in. The running weight q is
 * multiplied by a per-frame factor, so no exp() is evaluated per frame. Partial sums over consecutive blocks
 * of frames add up to the whole; normaliseDoseWeighted divides by sqrt(Σ q²) ("Eq. 9").
 */
export class DoseAccumulator {
  readonly plain: Float32Array;
  readonly weighted: Float32Array;
  private readonly q: Float32Array;
  private readonly step: Float32Array;
  private readonly half: number;

  /** `alloc` makes the two sums (e.g. on shared memory, so a worker can return them without a copy). */
  constructor(readonly width: number, readonly height: number, options: DoseWeighterOptions & { firstFrame?: number }, alloc: (n: number) => Float32Array = (n) => new Float32Array(n)) {
    this.half = spectrumColumns(width);
    const a = halfInverseCriticalExposure(width, height, options);
    const start = (options.preExposure ?? 0) + options.dosePerFrame * (options.firstFrame ?? 0);
    this.plain = alloc(2 * a.length);
    this.weighted = alloc(2 * a.length);
    this.q = new Float32Array(a.length);
    this.step = new Float32Array(a.length);
    for (let j = 0; j < a.length; j++) {
      this.step[j] = Math.exp(-options.dosePerFrame * a[j]);
      this.q[j] = Math.exp(-start * a[j]);
    }
  }

  /** Adds the next frame's spectrum (this accumulator's size), moved by (dx, dy) pixels of it as shiftSpectrum does. */
  add(S: Float32Array, dx = 0, dy = 0): void {
    const { q, step, half, height: h, plain: P, weighted: D } = this;
    const cx = new Float64Array(half);
    const sx = new Float64Array(half);
    for (let kx = 0; kx < half; kx++) {
      const t = (-2 * Math.PI * kx * dx) / this.width;
      cx[kx] = Math.cos(t);
      sx[kx] = Math.sin(t);
    }
    for (let ky = 0; ky < h; ky++) {
      const t = (-2 * Math.PI * signedFrequency(ky, h) * dy) / h;
      const cy = Math.cos(t);
      const sy = Math.sin(t);
      for (let kx = 0, j = ky * half, i = 2 * j; kx < half; kx++, j++, i += 2) {
        const pr = cx[kx] * cy - sx[kx] * sy;
        const pi = cx[kx] * sy + sx[kx] * cy;
        const re = S[i] * pr - S[i + 1] * pi;
        const im = S[i] * pi + S[i + 1] * pr;
        const w = q[j] * step[j];
        q[j] = w;
        P[i] += re;
        P[i + 1] += im;
        D[i] += w * re;
        D[i + 1] += w * im;
      }
    }
  }
}

/** Divides a dose-weighted sum by sqrt(Σ q²) per frequency, in place (q2 from squaredWeightSum). */
export function normaliseDoseWeighted(weighted: Float32Array, q2: Float32Array): void {
  for (let j = 0, i = 0; j < q2.length; j++, i += 2) {
    const n = q2[j] > 0 ? 1 / Math.sqrt(q2[j]) : 0;
    weighted[i] *= n;
    weighted[i + 1] *= n;
  }
}
