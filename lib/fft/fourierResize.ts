// Fourier cropping (band-limited binning) and Fourier padding (sinc interpolation) of a half-plane spectrum.
import { InvalidInputError } from '../errors.js';
import { assertFftSize } from './sizes.js';
import { createSpectrum, spectrumColumns } from './spectrum.js';
import type { Spectrum2D } from './spectrum.js';

/**
 * Resizes a spectrum to `width × height` (each axis cropped or zero-padded), scaled by
 * (width·height)/(w·h) so the inverse FFT has the same pixel VALUES (mean preserved): cropping is
 * band-limited down-sampling (binning by ideal low-pass; counts per pixel are NOT summed), padding is
 * sinc interpolation. Nyquist terms are handled so a real signal is resampled exactly: on a crop the
 * new Nyquist row sums the ±n/2 source rows (the kx Nyquist column doubles, as c2r uses only its real
 * part); on a pad the old Nyquist is split in half between ±n/2.
 */
export function fourierResize(spec: Spectrum2D, width: number, height: number): Spectrum2D {
  assertFftSize(width, height, 'fourierResize target');
  const out = createSpectrum(width, height);
  const scale = (width * height) / (spec.width * spec.height);
  const sHalf = spectrumColumns(spec.width);
  const dHalf = spectrumColumns(width);
  const nx = Math.min(sHalf, dHalf);
  const rows = rowMap(spec.height, height);
  const xNyqFactor = width < spec.width ? 2 : width > spec.width ? 0.5 : 1;
  const S = spec.data;
  const D = out.data;
  for (const { dst, src, weight } of rows) {
    for (let kx = 0; kx < nx; kx++) {
      const f = scale * weight * (kx === nx - 1 && width !== spec.width ? xNyqFactor : 1);
      const s = 2 * (src * sHalf + kx);
      const d = 2 * (dst * dHalf + kx);
      D[d] += f * S[s];
      D[d + 1] += f * S[s + 1];
    }
  }
  return out;
}

/** Which source rows feed which destination rows, with weights (see fourierResize's Nyquist rule). */
function rowMap(n: number, m: number): { dst: number; src: number; weight: number }[] {
  const map: { dst: number; src: number; weight: number }[] = [];
  const lim = Math.min(n, m) / 2;
  for (let f = -lim + 1; f < lim; f++) map.push({ dst: (f + m) % m, src: (f + n) % n, weight: 1 });
  if (m < n) {
    map.push({ dst: m / 2, src: m / 2, weight: 1 }, { dst: m / 2, src: n - m / 2, weight: 1 });
  } else if (m > n) {
    map.push({ dst: n / 2, src: n / 2, weight: 0.5 }, { dst: m - n / 2, src: n / 2, weight: 0.5 });
  } else {
    map.push({ dst: n / 2, src: n / 2, weight: 1 });
  }
  return map;
}

/** Fourier crop (binning) to a smaller `width × height`; see fourierResize. */
export function fourierCrop(spec: Spectrum2D, width: number, height: number): Spectrum2D {
  if (width > spec.width || height > spec.height) {
    throw new InvalidInputError(`fourierCrop: target ${width}×${height} is larger than the spectrum ${spec.width}×${spec.height}`);
  }
  return fourierResize(spec, width, height);
}

/** Fourier pad (interpolation) to a larger `width × height`; see fourierResize. */
export function fourierPad(spec: Spectrum2D, width: number, height: number): Spectrum2D {
  if (width < spec.width || height < spec.height) {
    throw new InvalidInputError(`fourierPad: target ${width}×${height} is smaller than the spectrum ${spec.width}×${spec.height}`);
  }
  return fourierResize(spec, width, height);
}
