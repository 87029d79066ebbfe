// Down-sampling a micrograph to the picker's working pixel size by Fourier cropping, kept as a spectrum.
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { fft2d, fourierCrop, nextFftSize, padToFftSize } from '../fft/index.js';

export interface WorkingSpectrum {
  /** Spectrum of the working image (mean-padded, Fourier-cropped), DC removed. */
  spectrum: Spectrum2D;
  /** Full-grid pixels per working pixel along x and y (full = working · scale). */
  scaleX: number;
  scaleY: number;
}

/**
 * Pads `img` to an FFT size with its mean, transforms it, and Fourier-crops so that `radiusPx` (full
 * pixels) becomes about `targetRadius` working pixels (never enlarges). Each axis gets the next valid FFT
 * size at or above padded/bin, so the two scales can differ slightly on non-square images. Needs initFft().
 */
export function workingSpectrum(img: Image2D, radiusPx: number, targetRadius: number): WorkingSpectrum {
  const padded = padToFftSize(img, { fill: 'mean' });
  const bin = Math.max(1, radiusPx / targetRadius);
  const w = Math.min(padded.width, nextFftSize(padded.width / bin));
  const h = Math.min(padded.height, nextFftSize(padded.height / bin));
  const full = fft2d(padded.width, padded.height).forward(padded);
  const spectrum = w === padded.width && h === padded.height ? full : fourierCrop(full, w, h);
  spectrum.data[0] = 0;
  spectrum.data[1] = 0;
  return { spectrum, scaleX: padded.width / w, scaleY: padded.height / h };
}
