// Counting detector model: per-pixel sensitivity (gain), hot pixels, and Poisson electron counts.
import type { Image2D } from '../image.js';
import type { Rng } from './random.js';

export interface HotPixel {
  x: number;
  y: number;
}

export interface Detector {
  /** Relative efficiency q(x, y) (mean ≈ 1); raw counts ~ Poisson(λ·q). Undefined = ideal. */
  sensitivity?: Float32Array;
  /** Gain reference in MotionCor2/RELION convention: corrected = raw × gain, gain = 1/q. */
  gain?: Image2D;
  hotPixels: HotPixel[];
  /** Extra mean counts per frame at each hot pixel. */
  hotPixelRate: number;
}

export interface DetectorOptions {
  /** Std of the per-pixel sensitivity around 1 (0 = no gain pattern), clamped to [0.5, 1.5]. @default 0 */
  gainSpread?: number;
  /** Number of hot pixels. @default 0 */
  hotPixels?: number;
  /** Mean extra counts per frame at a hot pixel. @default 50 */
  hotPixelRate?: number;
}

/** A random detector: sensitivity = (1 + spread·N(0,1)) × a mild column pattern; hot pixels at random positions. */
export function createDetector(rng: Rng, width: number, height: number, options: DetectorOptions = {}): Detector {
  const spread = options.gainSpread ?? 0;
  let sensitivity: Float32Array | undefined;
  let gain: Image2D | undefined;
  if (spread > 0) {
    sensitivity = new Float32Array(width * height);
    const gdata = new Float32Array(width * height);
    const col = Float64Array.from({ length: width }, (_, x) => 1 + 0.5 * spread * Math.sin(x / 7.3));
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i++) {
        const q = Math.min(1.5, Math.max(0.5, (1 + spread * rng.normal()) * col[x]));
        sensitivity[i] = q;
        gdata[i] = 1 / q;
      }
    }
    gain = { width, height, data: gdata };
  }
  const hotPixels: HotPixel[] = [];
  const seen = new Set<number>();
  while (hotPixels.length < (options.hotPixels ?? 0)) {
    const x = Math.floor(rng.next() * width);
    const y = Math.floor(rng.next() * height);
    if (seen.has(y * width + x)) continue;
    seen.add(y * width + x);
    hotPixels.push({ x, y });
  }
  return { sensitivity, gain, hotPixels, hotPixelRate: options.hotPixelRate ?? 50 };
}

/** Integer counts (as Float32) ~ Poisson(scale · intensity · q) per pixel, plus hot-pixel counts. */
export function sampleCounts(rng: Rng, intensity: Image2D, scale: number, detector: Detector, out?: Float32Array): Image2D {
  const d = intensity.data;
  const res = out ?? new Float32Array(d.length);
  const q = detector.sensitivity;
  if (q) for (let i = 0; i < d.length; i++) res[i] = rng.poisson(scale * d[i] * q[i]);
  else for (let i = 0; i < d.length; i++) res[i] = rng.poisson(scale * d[i]);
  for (const p of detector.hotPixels) res[p.y * intensity.width + p.x] += rng.poisson(detector.hotPixelRate);
  return { width: intensity.width, height: intensity.height, data: res };
}

/** The noiseless mean of sampleCounts: scale · intensity · q, plus the hot-pixel rate. */
export function expectedCounts(intensity: Image2D, scale: number, detector: Detector): Image2D {
  const d = intensity.data;
  const q = detector.sensitivity;
  const res = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) res[i] = scale * d[i] * (q ? q[i] : 1);
  for (const p of detector.hotPixels) res[p.y * intensity.width + p.x] += detector.hotPixelRate;
  return { width: intensity.width, height: intensity.height, data: res };
}
