// A movie's frames shared with worker threads: compact raw counts, gain and bad pixels on shared memory.
import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';
import type { FrameSamples, MovieReader } from '../formats/movie.js';
import { nextFftSize } from '../fft/index.js';
import { compactShared, packOverflow, rawFrameBytes, shared, sharedCopy } from './framePacking.js';
import { HotPixelSum, scanCounts } from './hotPixelSum.js';
import type { RawFrame } from './framePacking.js';
import type { EerMovieReader } from '../formats/eer/index.js';
import type { EerFractionInput } from './eerFractionTask.js';
import { EER_FRACTION_TASK } from './taskModules.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import type { TiffMovieReader } from '../formats/tiff/index.js';
import { countPages, tiffPageCounter } from './tiffCountPass.js';

export type { NibbleFrame, NibbleOverflow, RawFrame } from './framePacking.js';
export { rawFrameBytes } from './framePacking.js';

/**
 * Everything a thread needs to produce corrected frame i (see createFrameLoader). Plain data: typed arrays
 * on SharedArrayBuffers, so handing it to a worker copies no pixels.
 */
export interface FrameSet {
  /** Movie file, re-read for frames that are not cached. */
  path: string;
  eerGroup?: number;
  width: number;
  height: number;
  /** FFT-friendly size frames are delivered at (content at the origin, padded with the frame mean). */
  paddedWidth: number;
  paddedHeight: number;
  frameCount: number;
  /** Frame i as stored, y-flipped like readFrame; null when over the cache budget (re-read from the file). */
  raw: (RawFrame | null)[];
  /** Gain at the movie size (already up-sampled), or null for none. */
  gain: Float32Array | null;
  /** 1 = bad (defect or hot pixel), movie size. */
  mask: Uint8Array;
  /** Indices of the bad pixels, ascending. */
  bad: Int32Array;
  hotPixels: number;
}

export interface OpenFrameSetOptions {
  /** Gain reference in the movie's orientation (already rotated/flipped); may be an integer factor smaller (super-resolution). @default none */
  gain?: Image2D;
  /** Gain file name for messages. @default 'gain' */
  gainName?: string;
  /** Extra defect mask (1 = bad), movie size. @default none */
  defects?: Uint8Array;
  /** Detect hot pixels on the gain-corrected sum at this many σ; 0 disables. @default 6 */
  hotPixelSigmas?: number;
  /** Bytes of raw frames kept in shared memory after the first pass. @default 1 GiB */
  cacheBytes?: number;
  /** Frames decoded ahead of the one being summed (TIFF decodes run off the main thread). @default 3 */
  prefetch?: number;
  /** EER fraction size the movie was opened with (so workers re-open it the same way). @default none */
  eerGroup?: number;
  /** Render EER fractions (eerFractionTask), and decode 8-bit TIFF pages (countBandTask), on these worker threads instead of on the calling thread. */
  pool?: WorkerPool;
}

/** The gain at the movie size: a whole-factor smaller gain is up-sampled by repetition (MotionCor2 AugmentRefs). */
function gainAtMovieSize(gain: Image2D, width: number, height: number, movieName: string, gainName: string): Float32Array {
  const fx = width / gain.width;
  const fy = height / gain.height;
  if (!(Number.isInteger(fx) && fx >= 1 && fx === fy)) {
    throw new InvalidInputError(`gain "${gainName}": expected ${width}×${height} to match movie "${movieName}", got ${gain.width}×${gain.height}`);
  }
  const out = shared(Float32Array, width * height);
  for (let y = 0; y < height; y++) {
    const g = Math.floor(y / fy) * gain.width;
    for (let x = 0; x < width; x++) out[y * width + x] = gain.data[g + (fx === 1 ? x : Math.floor(x / fx))];
  }
  return out;
}

/**
 * The first pass over the movie: decodes every frame (a few ahead, so TIFF decoding overlaps the rest),
 * keeps it compact on shared memory within the budget, and sums the gain-corrected frames to find hot
 * pixels (mean + kσ, as MotionCor2 and RELION do), combined with the defect mask. Frame size mismatches
 * (corrupt files) and wrong-size gains are errors naming the file.
 */
export async function openFrameSet(movie: MovieReader, options: OpenFrameSetOptions = {}): Promise<FrameSet> {
  const { width, height, frameCount } = movie;
  if (frameCount < 2) throw new InvalidInputError(`movie "${movie.path}": motion correction needs at least 2 frames, got ${frameCount}`);
  const gain = options.gain ? gainAtMovieSize(options.gain, width, height, movie.path, options.gainName ?? 'gain') : null;
  const n = width * height;
  // EER: fractions are rendered from their raw frames on the worker threads, each from its own file handle.
  const eer = options.pool && typeof (movie as Partial<EerMovieReader>).fractionPlan === 'function' ? (movie as EerMovieReader) : null;
  const read = async (i: number): Promise<FrameSamples> => {
    if (eer && options.pool) return options.pool.run<EerFractionInput, Uint8Array | Float32Array>(EER_FRACTION_TASK, { plan: eer.fractionPlan(i), into: spent.pop() });
    // Counts are packed into shared nibbles, anything else copied compactly (compactShared): the samples need not be shared.
    if (movie.readSamples) return movie.readSamples(i, { into: spent.pop() });
    const f = await movie.readFrame(i);
    if (f.width !== width || f.height !== height) {
      throw new InvalidInputError(`movie "${movie.path}" frame ${i}: expected ${width}×${height}, got ${f.width}×${f.height}`);
    }
    return f.data;
  };
  const spent: Uint8Array[] = []; // frames' bytes already packed into nibbles: EER fractions and MRC sections are read into them again
  const raw: (RawFrame | null)[] = [];
  let cached = 0;
  const budget = options.cacheBytes ?? 2 ** 30;
  const sigmas = options.hotPixelSigmas ?? 6;
  const sum = sigmas > 0 ? new HotPixelSum(n, frameCount, gain) : null;
  const tiff = options.pool && typeof (movie as Partial<TiffMovieReader>).stripPlan === 'function' ? tiffPageCounter(movie as TiffMovieReader, options.pool, sum) : null;
  if (tiff) raw.push(...(await countPages(movie as TiffMovieReader, tiff, sum, budget, Math.max(2, options.prefetch ?? 3))));
  const ahead: Promise<FrameSamples>[] = [];
  const depth = Math.max(1, options.prefetch ?? 3, eer && options.pool ? options.pool.threads + 1 : 0);
  const fetch = (i: number): void => {
    const p = read(i);
    p.catch(() => undefined); // a later frame may fail before its turn: it is rethrown when awaited, not left unhandled
    ahead.push(p);
  };
  for (let i = raw.length; i < Math.min(raw.length + depth, frameCount); i++) fetch(i);
  try {
    let spare: Uint8Array | undefined; // a nibble buffer left unused by a frame with brighter pixels
    for (let i = raw.length; i < frameCount; i++) {
      const s = await (ahead.shift() as Promise<FrameSamples>);
      if (i + depth < frameCount) fetch(i + depth);
      if (s.length !== n) throw new InvalidInputError(`movie "${movie.path}" frame ${i}: expected ${width}×${height} pixels, got ${s.length}`);
      const cache = cached + ((n + 1) >> 1) <= budget;
      if (s instanceof Uint8Array) {
        // The common counting-detector case in one pass: sum, range and packing together.
        const nibbles = cache ? (spare ?? shared(Uint8Array, (n + 1) >> 1)) : null;
        const seen = sum ? sum.addCounts(s, nibbles) : scanCounts(s, null, nibbles);
        let c: RawFrame | null = null;
        if (nibbles && (seen.or < 16 || seen.pairs)) {
          const over = seen.or < 16 ? undefined : packOverflow(s, nibbles, seen.pairs);
          if (over !== null) c = over ? { nibbles, over } : { nibbles };
        }
        if (c && cached + rawFrameBytes(c) > budget) c = null;
        spare = c ? undefined : (nibbles ?? undefined);
        if (!c && cache && cached + n <= budget) c = sharedCopy(s);
        raw.push(c);
        cached += c ? rawFrameBytes(c) : 0;
        if (c !== s && (eer ? s.buffer instanceof SharedArrayBuffer : movie.format === 'mrc') && spent.length < depth) spent.push(s);
        continue;
      }
      const c = cache ? compactShared(s) : null;
      const fitsBudget = c !== null && cached + rawFrameBytes(c) <= budget;
      raw.push(fitsBudget ? c : null);
      cached += fitsBudget ? rawFrameBytes(c) : 0;
      sum?.add(s);
    }
  } finally {
    // A failed frame must not leave decodes running against a file the caller is about to close.
    await Promise.allSettled(ahead);
  }
  const mask = shared(Uint8Array, n);
  if (options.defects) for (let p = 0; p < n; p++) mask[p] = options.defects[p] ? 1 : 0;
  let hot = 0;
  if (sum) for (const p of sum.hotPixels(width, height, sigmas)) if (!mask[p]) { mask[p] = 1; hot++; }
  let nBad = 0;
  for (let p = 0; p < n; p++) nBad += mask[p];
  const bad = shared(Int32Array, nBad);
  for (let p = 0, j = 0; p < n; p++) if (mask[p]) bad[j++] = p;
  return {
    path: movie.path, ...(options.eerGroup !== undefined ? { eerGroup: options.eerGroup } : {}),
    width, height, paddedWidth: nextFftSize(width), paddedHeight: nextFftSize(height), frameCount,
    raw, gain, mask, bad, hotPixels: hot,
  };
}
