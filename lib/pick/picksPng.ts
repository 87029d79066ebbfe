// PNG preview of a micrograph with a circle on every pick (RGB raster drawn here, encoded by sharp).
import sharp from 'sharp';
import type { Image2D } from '../image.js';
import type { Pick } from './pickParticles.js';

export interface PicksPngOptions {
  /** Longest side of the preview, pixels (never enlarged). @default 1024 */
  maxSize?: number;
  /** Clip to mean ± sigmas·σ before scaling to grey levels. @default 3 */
  sigmas?: number;
  /** Circle colour. @default [0, 255, 0] */
  colour?: [number, number, number];
}

function greyLevels(img: Image2D, k: number): Uint8Array {
  let s = 0;
  let s2 = 0;
  for (const v of img.data) { s += v; s2 += v * v; }
  const mean = s / img.data.length;
  const sd = Math.sqrt(Math.max(0, s2 / img.data.length - mean * mean)) || 1;
  const grey = new Uint8Array(img.data.length);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.max(0, Math.min(255, Math.round(((img.data[i] - mean) / (2 * k * sd) + 0.5) * 255)));
  return grey;
}

/** Sets the pixels of a 2-px-wide circle of radius r (preview pixels) around (cx, cy) in an RGB raster. */
function drawCircle(rgb: Uint8Array, w: number, h: number, cx: number, cy: number, r: number, colour: [number, number, number]): void {
  const steps = Math.max(16, Math.ceil(2 * Math.PI * r * 2));
  for (let s = 0; s < steps; s++) {
    const a = (2 * Math.PI * s) / steps;
    for (const rr of [r - 0.5, r + 0.5]) {
      const x = Math.round(cx + rr * Math.cos(a));
      const y = Math.round(cy + rr * Math.sin(a));
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      rgb.set(colour, 3 * (y * w + x));
    }
  }
}

/** The micrograph (row 0 at the top, as stored) scaled to ≤ maxSize with a circle of the particle radius at each pick. */
export async function picksPng(img: Image2D, picks: Pick[], radiusPx: number, options: PicksPngOptions = {}): Promise<Uint8Array> {
  const max = options.maxSize ?? 1024;
  const { data, info } = await sharp(greyLevels(img, options.sigmas ?? 3), { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) rgb.fill(data[i * info.channels], 3 * i, 3 * i + 3);
  const sx = w / img.width;
  const sy = h / img.height;
  const colour = options.colour ?? [0, 255, 0];
  for (const p of picks) drawCircle(rgb, w, h, (p.x + 0.5) * sx - 0.5, (p.y + 0.5) * sy - 0.5, radiusPx * sx, colour);
  return new Uint8Array(await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer());
}
