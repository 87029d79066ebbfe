// Corrected frames of a movie: gain, defect/hot-pixel repair and padding to an FFT size, read on demand.
import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';
import type { MovieReader } from '../formats/movie.js';
import { nextFftSize, padImage } from '../fft/index.js';
import { applyGain, detectHotPixels, replaceDefects } from '../gain/index.js';

export interface FrameSourceOptions {
  /** Gain reference in the movie's orientation (already rotated/flipped). @default none */
  gain?: Image2D;
  /** Gain file name for messages. @default 'gain' */
  gainName?: string;
  /** Extra defect mask (1 = bad), movie size. @default none */
  defects?: Uint8Array;
  /** Detect hot pixels on the gain-corrected sum at this many σ; 0 disables. @default 6 */
  hotPixelSigmas?: number;
  /** Bytes of raw frames kept in memory after the first pass (as 8/16-bit integers when the counts fit), so later passes need not decode the file again. @default 1 GiB */
  cacheBytes?: number;
}

type RawStore = Uint8Array | Uint16Array | Float32Array;

/** The most compact exact copy of a frame: integer counts fit 8 or 16 bits on counting detectors. */
function compact(d: Float32Array): RawStore {
  let max = 0;
  let integral = true;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < 0 || v !== Math.floor(v)) { integral = false; break; }
    if (v > max) max = v;
  }
  if (integral && max <= 255) return Uint8Array.from(d);
  if (integral && max <= 65535) return Uint16Array.from(d);
  return d.slice();
}

/** What the frame source knows after its first pass. */
export interface FrameSource {
  width: number;
  height: number;
  /** FFT-friendly padded size the frames are delivered at (content at the origin, padded with the frame mean). */
  paddedWidth: number;
  paddedHeight: number;
  frameCount: number;
  hotPixels: number;
  /** Frame i, gain-corrected, repaired, padded. */
  read(i: number): Promise<Image2D>;
}

/**
 * Opens the correction: one pass over the movie sums the gain-corrected frames to find hot pixels
 * (mean + kσ, as MotionCor2 and RELION do), combined with the defect mask; later reads repair those
 * pixels in every frame. Frame size mismatches (corrupt files) are errors naming the movie.
 */
export async function openFrameSource(movie: MovieReader, options: FrameSourceOptions = {}): Promise<FrameSource> {
  const { width, height, frameCount } = movie;
  if (frameCount < 2) throw new InvalidInputError(`movie "${movie.path}": motion correction needs at least 2 frames, got ${frameCount}`);
  const gainOpts = { movieName: movie.path, gainName: options.gainName ?? 'gain', inPlace: true };
  const cache: (RawStore | undefined)[] = [];
  let cached = 0;
  const budget = options.cacheBytes ?? 2 ** 30;
  const readRaw = async (i: number): Promise<Image2D> => {
    const hit = cache[i];
    if (hit) return applyGainTo({ width, height, data: Float32Array.from(hit) });
    const f = await movie.readFrame(i);
    if (f.width !== width || f.height !== height) {
      throw new InvalidInputError(`movie "${movie.path}" frame ${i}: expected ${width}×${height}, got ${f.width}×${f.height}`);
    }
    if (cached < budget) {
      const c = compact(f.data);
      if (cached + c.byteLength <= budget) { cache[i] = c; cached += c.byteLength; }
    }
    return applyGainTo(f);
  };
  const applyGainTo = (f: Image2D): Image2D => (options.gain ? applyGain(f, options.gain, gainOpts) : f);
  const mask = new Uint8Array(width * height);
  if (options.defects) for (let i = 0; i < mask.length; i++) mask[i] = options.defects[i] ? 1 : 0;
  let hot = 0;
  const sigmas = options.hotPixelSigmas ?? 6;
  if (sigmas > 0) {
    const sum: Image2D = { width, height, data: new Float32Array(width * height) };
    for (let i = 0; i < frameCount; i++) {
      const f = await readRaw(i);
      for (let p = 0; p < f.data.length; p++) sum.data[p] += f.data[p];
    }
    for (const p of detectHotPixels(sum, { sigmas })) if (!mask[p]) { mask[p] = 1; hot++; }
  }
  const anyBad = mask.some((v) => v !== 0);
  const pw = nextFftSize(width);
  const ph = nextFftSize(height);
  return {
    width, height, frameCount, hotPixels: hot, paddedWidth: pw, paddedHeight: ph,
    async read(i) {
      let f = await readRaw(i);
      if (anyBad) f = replaceDefects(f, mask, { inPlace: true });
      return pw === width && ph === height ? f : padImage(f, pw, ph);
    },
  };
}
