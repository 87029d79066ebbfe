// 8-bit PNG previews of float images (micrographs, spectra) for the dashboard: sharp when they must shrink, else
// greyPng.ts (sharp is loaded only then: loading it is ~0.2 s of a one-micrograph command such as ctffind).
import type { Image2D } from '../image.js';
import { greyPng } from './greyPng.js';

export interface ImagePngOptions {
  /** Longest side of the preview in pixels (never enlarged). @default 512 */
  maxSize?: number;
  /** Clip to mean ± `sigmas` standard deviations before scaling to 0–255. @default 3 */
  sigmas?: number;
}

/** Grey-level PNG of `img`, contrast from its mean and standard deviation, row 0 at the top. */
export async function imagePng(img: Image2D, options: ImagePngOptions = {}): Promise<Uint8Array> {
  const n = img.data.length;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) { sum += img.data[i]; sum2 += img.data[i] * img.data[i]; }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean)) || 1;
  const k = options.sigmas ?? 3;
  const lo = mean - k * sd;
  const scale = 255 / (2 * k * sd);
  const grey = new Uint8Array(n);
  for (let i = 0; i < n; i++) grey[i] = Math.max(0, Math.min(255, Math.round((img.data[i] - lo) * scale)));
  const max = options.maxSize ?? 512;
  if (img.width <= max && img.height <= max) return greyPng(grey, img.width, img.height);
  const { default: sharp } = await import('sharp');
  const png = await sharp(grey, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
