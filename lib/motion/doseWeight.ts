// Dose weighting (Grant & Grigorieff 2015): critical exposure with voltage scaling, applied while summing spectra.
import type { Spectrum2D } from '../fft/index.js';
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

/**
 * Accumulates Σ_i q_i(k)·F_i(k) with q_i = exp(−N_i/(2·Ne(k))), N_i = pre + dose·(i+1) (the dose at the END
 * of frame i, as RELION's doseWeighting), and finally divides by sqrt(Σ_i q_i²) per frequency ("Eq. 9").
 * Frames must be added in order. The running weight q is multiplied by the per-frame factor, so no exp()
 * is evaluated per frame.
 */
export class DoseWeighter {
  readonly sum: Spectrum2D;
  private readonly q: Float32Array;
  private readonly step: Float32Array;
  private readonly q2: Float32Array;

  constructor(width: number, height: number, options: DoseWeighterOptions) {
    const half = spectrumColumns(width);
    const kvf = voltageFactor(options.voltageKv ?? 300);
    const pre = options.preExposure ?? 0;
    this.sum = { width, height, data: new Float32Array(2 * half * height) };
    this.q = new Float32Array(half * height);
    this.step = new Float32Array(half * height);
    this.q2 = new Float32Array(half * height);
    for (let ky = 0; ky < height; ky++) {
      const sy = signedFrequency(ky, height) / (height * options.pixelSizeA);
      for (let kx = 0; kx < half; kx++) {
        const ne = kvf * criticalExposure(Math.hypot(kx / (width * options.pixelSizeA), sy));
        const j = ky * half + kx;
        this.step[j] = Math.exp(-options.dosePerFrame / (2 * ne));
        this.q[j] = Math.exp(-pre / (2 * ne));
      }
    }
  }

  /** Adds the next frame's (aligned) spectrum. */
  add(spec: Spectrum2D): void {
    const { q, step, q2 } = this;
    const S = spec.data;
    const D = this.sum.data;
    for (let j = 0, i = 0; j < q.length; j++, i += 2) {
      const w = q[j] * step[j];
      q[j] = w;
      q2[j] += w * w;
      D[i] += w * S[i];
      D[i + 1] += w * S[i + 1];
    }
  }

  /** The weighted sum divided by sqrt(Σ q²) per frequency (in place; call once, after the last frame). */
  finish(): Spectrum2D {
    const D = this.sum.data;
    for (let j = 0, i = 0; j < this.q2.length; j++, i += 2) {
      const n = this.q2[j] > 0 ? 1 / Math.sqrt(this.q2[j]) : 0;
      D[i] *= n;
      D[i + 1] *= n;
    }
    return this.sum;
  }
}
