// Quality measures against ground truth: low-passed correlation with the clean image, and shift RMS error.
import type { Image2D } from '../image.js';
import { fft2d, padToFftSize, signedFrequency, spectrumColumns } from '../fft/index.js';

/**
 * Pearson correlation of a and b (same size) after zeroing frequencies above `cutoff` cycles/pixel. Sizes that
 * are not FFT sizes (K3 5760×4092) are padded with each image's mean, which adds nothing after the DC term is dropped.
 */
export function lowPassCorrelation(imgA: Image2D, imgB: Image2D, cutoff = 0.1): number {
  const a = padToFftSize(imgA);
  const b = padToFftSize(imgB);
  const plan = fft2d(a.width, a.height);
  const fa = plan.forward(a);
  const fb = plan.forward(b);
  const half = spectrumColumns(a.width);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let ky = 0; ky < a.height; ky++) {
    const sy = signedFrequency(ky, a.height) / a.height;
    for (let kx = 0; kx < half; kx++) {
      const s = Math.hypot(kx / a.width, sy);
      if (s > cutoff || (kx === 0 && ky === 0)) continue;
      const m = kx === 0 || kx === half - 1 ? 1 : 2;
      const i = 2 * (ky * half + kx);
      ab += m * (fa.data[i] * fb.data[i] + fa.data[i + 1] * fb.data[i + 1]);
      aa += m * (fa.data[i] ** 2 + fa.data[i + 1] ** 2);
      bb += m * (fb.data[i] ** 2 + fb.data[i + 1] ** 2);
    }
  }
  return ab / Math.sqrt(aa * bb);
}

/** RMS (over frames) of the 2-D error between measured and true shifts. */
export function shiftRms(measured: { dx: number; dy: number }[], truth: { dx: number; dy: number }[]): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (measured[i].dx - truth[i].dx) ** 2 + (measured[i].dy - truth[i].dy) ** 2;
  return Math.sqrt(s / truth.length);
}
