// Multiplies a half-plane spectrum by the CTF of lib/ctf/ctf2d.ts (in place), with frequencies from the pixel size.
import type { Spectrum2D } from '../fft/index.js';
import { signedFrequency, spectrumColumns } from '../fft/index.js';
import { ctfValue } from '../ctf/ctf2d.js';
import type { CtfParams } from '../ctf/ctf2d.js';

/** spec(kx, ky) *= CTF(sx, sy), sx = kx/(width·apix), sy = signed ky/(height·apix) (1/Å). Returns spec. */
export function applyCtf(spec: Spectrum2D, params: CtfParams, pixelSizeA: number): Spectrum2D {
  const half = spectrumColumns(spec.width);
  const D = spec.data;
  for (let ky = 0; ky < spec.height; ky++) {
    const sy = signedFrequency(ky, spec.height) / (spec.height * pixelSizeA);
    for (let kx = 0; kx < half; kx++) {
      const c = ctfValue(params, kx / (spec.width * pixelSizeA), sy);
      const i = 2 * (ky * half + kx);
      D[i] *= c;
      D[i + 1] *= c;
    }
  }
  return spec;
}
