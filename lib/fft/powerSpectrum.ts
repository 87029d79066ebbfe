// Full-plane power (or amplitude) spectrum image from a half-plane spectrum, for display and CTF fitting.
import type { Image2D } from '../image.js';
import { spectrumColumns } from './spectrum.js';
import type { Spectrum2D } from './spectrum.js';

export interface PowerSpectrumOptions {
  /** DC at pixel (width/2, height/2) (display/CTFFIND convention) instead of (0, 0). @default true */
  centered?: boolean;
  /** |F| instead of |F|². @default false */
  amplitude?: boolean;
  /** Natural log, with values clamped to ≥ the smallest positive value (no -Infinity). @default false */
  log?: boolean;
}

/**
 * A `width × height` image of |F(fx, fy)|² (negative kx filled by Hermitian symmetry). Centered:
 * pixel (X, Y) holds frequency (X − width/2, Y − height/2) in DFT index units (cycles per image).
 */
export function powerSpectrum(spec: Spectrum2D, options: PowerSpectrumOptions = {}): Image2D {
  const { width: w, height: h } = spec;
  const half = spectrumColumns(w);
  const centered = options.centered ?? true;
  const amp = options.amplitude ?? false;
  const S = spec.data;
  const out = new Float32Array(w * h);
  const ox = centered ? w >> 1 : 0;
  const oy = centered ? h >> 1 : 0;
  for (let Y = 0; Y < h; Y++) {
    const fy = Y - oy; // signed frequency (mod h)
    const kyPos = ((fy % h) + h) % h;
    const kyNeg = ((-fy % h) + h) % h;
    for (let X = 0; X < w; X++) {
      let fx = X - ox;
      if (!centered && fx >= half) fx -= w;
      const i = fx >= 0 ? 2 * (kyPos * half + fx) : 2 * (kyNeg * half - fx);
      const p = S[i] * S[i] + S[i + 1] * S[i + 1];
      out[Y * w + X] = amp ? Math.sqrt(p) : p;
    }
  }
  if (options.log) logInPlace(out);
  return { width: w, height: h, data: out };
}

function logInPlace(v: Float32Array): void {
  let floor = Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] > 0 && v[i] < floor) floor = v[i];
  if (!Number.isFinite(floor)) floor = 1;
  for (let i = 0; i < v.length; i++) v[i] = Math.log(Math.max(v[i], floor));
}
