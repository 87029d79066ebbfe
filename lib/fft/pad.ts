// Padding an image up to a valid FFT size (e.g. K3 4092 → 4096) and cropping it back.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { nextFftSize } from './sizes.js';

export interface PadImageOptions {
  /** Value of the added pixels: the image mean (least edge artefact in Fourier space), zero, or a number. @default 'mean' */
  fill?: 'mean' | 'zero' | number;
}

function meanOf(data: Float32Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  return data.length ? s / data.length : 0;
}

/**
 * Pads `img` to `width × height`, keeping it at the origin (pixel (x, y) stays at (x, y), so
 * coordinates and shifts measured on the padded image apply unchanged to the original).
 */
export function padImage(img: Image2D, width: number, height: number, options: PadImageOptions = {}): Image2D {
  if (width < img.width || height < img.height) {
    throw new InvalidInputError(`padImage: target ${width}×${height} is smaller than the image ${img.width}×${img.height}`);
  }
  const fill = options.fill ?? 'mean';
  const value = fill === 'mean' ? meanOf(img.data) : fill === 'zero' ? 0 : fill;
  const data = new Float32Array(width * height);
  if (value !== 0) data.fill(value);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width, (y + 1) * img.width), y * width);
  return { width, height, data };
}

/** Pads to the next valid FFT size in each dimension (returns `img` itself when already valid). */
export function padToFftSize(img: Image2D, options: PadImageOptions = {}): Image2D {
  const w = nextFftSize(img.width);
  const h = nextFftSize(img.height);
  return w === img.width && h === img.height ? img : padImage(img, w, h, options);
}

/** The `width × height` region of `img` starting at (x0, y0) (default: the origin, undoing padImage). */
export function cropImage(img: Image2D, width: number, height: number, x0 = 0, y0 = 0): Image2D {
  if (x0 < 0 || y0 < 0 || x0 + width > img.width || y0 + height > img.height || width < 1 || height < 1) {
    throw new InvalidInputError(`cropImage: region ${width}×${height} at (${x0}, ${y0}) is outside the image ${img.width}×${img.height}`);
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const s = (y + y0) * img.width + x0;
    data.set(img.data.subarray(s, s + width), y * width);
  }
  return { width, height, data };
}
