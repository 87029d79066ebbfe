// Gaussian low-pass of a working-size spectrum: the local mean intensity the ice/carbon check reads.
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { createSpectrum, fft2d, signedFrequency, spectrumColumns } from '../fft/index.js';

/** F⁻¹[spec · exp(−2π²σ²f²)] (σ in pixels, f in cycles/pixel): the image blurred by a Gaussian of σ. Needs initFft(). */
export function lowPassMap(spec: Spectrum2D, sigma: number): Image2D {
  const { width: w, height: h } = spec;
  const half = spectrumColumns(w);
  const out = createSpectrum(w, h);
  const a = -2 * Math.PI * Math.PI * sigma * sigma;
  for (let ky = 0; ky < h; ky++) {
    const fy = signedFrequency(ky, h) / h;
    for (let kx = 0; kx < half; kx++) {
      const fx = kx / w;
      const g = Math.exp(a * (fx * fx + fy * fy));
      const i = 2 * (ky * half + kx);
      out.data[i] = g * spec.data[i];
      out.data[i + 1] = g * spec.data[i + 1];
    }
  }
  return fft2d(w, h).inverse(out);
}
