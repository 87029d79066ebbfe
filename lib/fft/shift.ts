// Sub-pixel translation by a Fourier phase ramp (shift theorem), of a spectrum or of an image.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { fft2d } from './fft2d.js';
import { createSpectrum, signedFrequency, spectrumColumns } from './spectrum.js';
import type { Spectrum2D } from './spectrum.js';

export interface ShiftSpectrumOptions {
  /** Where to write; may be `spec` itself for an in-place shift. @default a new spectrum */
  out?: Spectrum2D;
}

/**
 * Moves the image content by (+dx, +dy) pixels (circularly): out(x, y) = in(x − dx, y − dy), i.e.
 * F(kx, ky) · exp(−2πi(kx·dx/width + ky·dy/height)) with signed ky. Integer shifts equal a circular
 * roll (numpy.roll(img, (dy, dx), (0, 1))). Uses separable phase tables: O(width + height) trig calls.
 */
export function shiftSpectrum(spec: Spectrum2D, dx: number, dy: number, options: ShiftSpectrumOptions = {}): Spectrum2D {
  const out = options.out ?? createSpectrum(spec.width, spec.height);
  if (out.data.length !== spec.data.length || out.width !== spec.width) {
    throw new InvalidInputError(`shiftSpectrum: output ${out.width}×${out.height} does not match input ${spec.width}×${spec.height}`);
  }
  const half = spectrumColumns(spec.width);
  const h = spec.height;
  const cx = new Float64Array(half);
  const sx = new Float64Array(half);
  for (let kx = 0; kx < half; kx++) {
    const a = (-2 * Math.PI * kx * dx) / spec.width;
    cx[kx] = Math.cos(a);
    sx[kx] = Math.sin(a);
  }
  const S = spec.data;
  const D = out.data;
  for (let ky = 0; ky < h; ky++) {
    const a = (-2 * Math.PI * signedFrequency(ky, h) * dy) / h;
    const cy = Math.cos(a);
    const sy = Math.sin(a);
    let i = 2 * ky * half;
    for (let kx = 0; kx < half; kx++, i += 2) {
      const pr = cx[kx] * cy - sx[kx] * sy;
      const pi = cx[kx] * sy + sx[kx] * cy;
      const re = S[i];
      const im = S[i + 1];
      D[i] = re * pr - im * pi;
      D[i + 1] = re * pi + im * pr;
    }
  }
  return out;
}

/** Shifts an image (valid FFT size) by (+dx, +dy) pixels through FFT → phase ramp → inverse FFT. Needs initFft(). */
export function shiftImage(img: Image2D, dx: number, dy: number): Image2D {
  const plan = fft2d(img.width, img.height);
  const spec = plan.forward(img);
  return plan.inverse(shiftSpectrum(spec, dx, dy, { out: spec }));
}
