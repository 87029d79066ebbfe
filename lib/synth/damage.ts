// Radiation damage as the Grant & Grigorieff (2015) exposure filter, so dose weighting has something to recover.
import type { Spectrum2D } from '../fft/index.js';
import { signedFrequency, spectrumColumns } from '../fft/index.js';

/** Critical exposure Ne(k) = 0.245·k^−1.665 + 2.81 e⁻/Å² (k in 1/Å; eLife 2015;4:e06980 Eq. 3; ∞ at k = 0). */
export function criticalExposure(k: number): number {
  return k > 0 ? 0.245 * k ** -1.665 + 2.81 : Infinity;
}

/**
 * Per-coefficient amplitude factor exp(−dose/(2·Ne(k))) for `dose` e⁻/Å², as a Float32Array over the
 * half-plane (one value per complex coefficient). Multiplying a spectrum by it once per frame damages it
 * by one frame's dose; RELION evaluates the accumulated dose at the END of each frame (§1.2).
 */
export function exposureFilter(width: number, height: number, pixelSizeA: number, dose: number): Float32Array {
  const half = spectrumColumns(width);
  const f = new Float32Array(half * height);
  for (let ky = 0; ky < height; ky++) {
    const sy = signedFrequency(ky, height) / (height * pixelSizeA);
    for (let kx = 0; kx < half; kx++) {
      const k = Math.hypot(kx / (width * pixelSizeA), sy);
      f[ky * half + kx] = Math.exp(-dose / (2 * criticalExposure(k)));
    }
  }
  return f;
}

/** spec *= filter (per complex coefficient), in place. */
export function multiplySpectrum(spec: Spectrum2D, filter: Float32Array): void {
  const D = spec.data;
  for (let j = 0, i = 0; j < filter.length; j++, i += 2) {
    D[i] *= filter[j];
    D[i + 1] *= filter[j];
  }
}
