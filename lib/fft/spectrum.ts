// The half-plane spectrum type every Fourier-space step passes around, and its index helpers.

/**
 * The discrete Fourier transform of a real `width × height` image (both valid FFT sizes), stored as
 * the non-redundant half plane:
 *
 * - `data` is interleaved complex (re, im) Float32, `(width/2 + 1)` columns × `height` rows, row-major:
 *   coefficient (kx, ky) is at `data[2 * (ky * (width/2 + 1) + kx)]` (re) and `+ 1` (im).
 * - kx = 0 … width/2 (non-negative x frequencies; negative ones follow from Hermitian symmetry
 *   F(−kx, −ky) = conj F(kx, ky)). ky = 0 … height−1 is the row index; rows ky ≥ height/2 hold the
 *   negative frequencies ky − height (see `signedFrequency`).
 * - Sign and scale (numpy.fft.rfft2 convention): F(kx, ky) = Σ_{x,y} f(x, y)·exp(−2πi(kx·x/width + ky·y/height)),
 *   unnormalised; the inverse divides by width·height, so inverse(forward(f)) == f.
 * - `width`, `height` are the REAL-space image size (not the stored column count).
 * - Spatial frequency in 1/Å of (kx, ky) is (kx/(width·apix), signedFrequency(ky, height)/(height·apix)).
 */
export interface Spectrum2D {
  width: number;
  height: number;
  data: Float32Array;
}

/** Number of stored complex columns: width/2 + 1. */
export function spectrumColumns(width: number): number {
  return (width >> 1) + 1;
}

/** A zero spectrum for a `width × height` real image. */
export function createSpectrum(width: number, height: number): Spectrum2D {
  return { width, height, data: new Float32Array(2 * spectrumColumns(width) * height) };
}

/** Signed frequency of row/column index k of an n-point DFT: k for k < n/2, else k − n. */
export function signedFrequency(k: number, n: number): number {
  return k < n / 2 ? k : k - n;
}

/** Index of the real part of (kx, ky) in `spec.data`; kx in 0..width/2, ky in 0..height−1. */
export function spectrumIndex(spec: Spectrum2D, kx: number, ky: number): number {
  return 2 * (ky * spectrumColumns(spec.width) + kx);
}
