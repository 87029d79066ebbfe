// The two passes over a FrameSet after the first: cropped spectra for alignment, then the aligned sums; on the worker pool for big movies.
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { MRC_HEADER_BYTES, reserveMrcHeaderRoom } from '../formats/mrc/index.js';
import { doseWeightTables } from './doseWeight.js';
import type { FrameSet } from './frameSet.js';
import spectraTask from './spectraTask.js';
import type { SpectraTaskInput } from './spectraTask.js';
import sumBlockTask from './sumBlockTask.js';
import type { SumBlock, SumBlockTaskInput } from './sumBlockTask.js';
import inverseSumTask from './inverseSumTask.js';
import type { InverseSumTaskInput } from './inverseSumTask.js';
import { INVERSE_SUM_TASK, SPECTRA_TASK, SUM_BLOCK_TASK } from './taskModules.js';

export interface FramePassOptions {
  /** @default sharedWorkerPool() */
  pool?: WorkerPool;
  /**
   * Below this many padded pixels × frames run on this thread: threads take 0.4–0.7 s to start, so 1024²×30
   * took 1.55 s on cold threads against 0.87 s inline. @default 2^26
   */
  minParallelWork?: number;
  /**
   * The same bound when the pool is warm (threads already running): 1024²×30 took 0.73 s on warm threads
   * against 0.83 s inline, 512²×40 the same either way, 512²×16 0.24 s against 0.20 s. @default 2^24
   */
  minWarmParallelWork?: number;
}

/** Padded pixels × frames from which a cold pool is used (FramePassOptions.minParallelWork's default). */
export const MIN_PARALLEL_WORK = 2 ** 26;

function poolFor(set: FrameSet, o: FramePassOptions): WorkerPool | null {
  const pool = o.pool ?? sharedWorkerPool();
  if (pool.threads < 2) return null;
  const work = set.paddedWidth * set.paddedHeight * set.frameCount;
  return work >= (o.minParallelWork ?? MIN_PARALLEL_WORK) || (pool.isWarm() && work >= (o.minWarmParallelWork ?? 2 ** 24)) ? pool : null;
}

/** Every corrected frame's spectrum, Fourier-cropped to `width × height` (all that alignment keeps in memory). */
export async function alignmentSpectra(set: FrameSet, width: number, height: number, options: FramePassOptions = {}): Promise<Spectrum2D[]> {
  const all = Array.from({ length: set.frameCount }, (_, i) => i);
  const pool = poolFor(set, options);
  const input = (indices: number[]): SpectraTaskInput => ({ set, indices, outWidth: width, outHeight: height });
  let data: Float32Array[];
  if (!pool) {
    data = await spectraTask(input(all));
  } else {
    // Small chunks keep both threads busy to the end; the results are small (cropped).
    const chunk = Math.max(1, Math.ceil(set.frameCount / (4 * pool.threads)));
    const parts = [];
    for (let i = 0; i < all.length; i += chunk) parts.push(pool.run<SpectraTaskInput, Float32Array[]>(SPECTRA_TASK, input(all.slice(i, i + chunk))));
    data = (await Promise.all(parts)).flat();
  }
  return data.map((d) => ({ width, height, data: d }));
}

/** The dose-weighting tables of one output size and exposure, on shared memory, column-major as DoseAccumulator keeps its sums (computed by doseTables). */
export interface DoseTables {
  invNe: Float32Array;
  doseStep: Float32Array;
  /** Σ q² over all frames. */
  q2: Float32Array;
}

/**
 * The tables alignedSums needs, for `frames` frames at output size `width × height`. They cost about as much as
 * a few frames, so a caller with idle time (motionCorrect, while threads transform frames) makes them early.
 */
export function doseTables(width: number, height: number, options: Pick<SumBlockTaskInput, 'pixelSizeA' | 'voltageKv' | 'dosePerFrame' | 'preExposure'>, frames: number): DoseTables {
  const { a, r, q2 } = doseWeightTables(width, height, options, frames, (k) => new Float32Array(new SharedArrayBuffer(4 * k)));
  return { invNe: a, doseStep: r, q2 };
}

export interface AlignedSumOptions extends Omit<SumBlockTaskInput, 'set' | 'from' | 'to' | 'invNe' | 'doseStep'> {
  /** From doseTables with the same size, exposure and frame count. @default computed here */
  tables?: DoseTables;
  /** Worker threads drop their references to the frames when done, so the frames' memory can go (the last pass). @default false */
  releaseFrames?: boolean;
  /** Size of the output images after removing padding. */
  cropWidth: number;
  cropHeight: number;
}

/**
 * The plain and dose-weighted aligned sums: consecutive blocks of frames are summed (one block per thread,
 * each returning its two partial spectra on shared memory), then added, normalised (Σq² in closed form) and
 * transformed back by inverseSumTask, one image per thread.
 */
export async function alignedSums(set: FrameSet, options: AlignedSumOptions & FramePassOptions): Promise<{ noDw: Image2D; dw: Image2D }> {
  const { outWidth: ow, outHeight: oh, pool: _pool, minParallelWork: _min, minWarmParallelWork: _minWarm, cropWidth, cropHeight, releaseFrames: _release, tables: _tables, ...rest } = options;
  const pool = poolFor(set, options);
  const n = set.frameCount;
  const blocks = pool ? Math.min(pool.threads, n) : 1;
  // One dose table for all threads (it costs as much as a few frames to compute).
  const { invNe, doseStep, q2 } = options.tables ?? doseTables(ow, oh, options, n);
  const input = (b: number): SumBlockTaskInput => ({ ...rest, outWidth: ow, outHeight: oh, set, invNe, doseStep, from: Math.floor((b * n) / blocks), to: Math.floor(((b + 1) * n) / blocks) });
  const parts: Promise<SumBlock>[] = [];
  for (let b = 0; b < blocks; b++) parts.push(pool ? pool.run<SumBlockTaskInput, SumBlock>(SUM_BLOCK_TASK, { ...input(b), releaseFrames: options.releaseFrames }) : sumBlockTask(input(b)));
  const blocksDone = await Promise.all(parts);
  // Each image goes into a spare block's memory (a half-plane spectrum holds more floats than its image; every column
  // is read before a row is written), and the two transforms run on two threads when there is a pool. Each image
  // starts after room for an MRC header, so writing it as MRC copies nothing (reserveMrcHeaderRoom).
  const room = MRC_HEADER_BYTES / 4;
  const spare = blocksDone.slice(1).flatMap((o) => [o.plain, o.weighted]);
  const fresh = (k: number): Float32Array => (pool ? new Float32Array(new SharedArrayBuffer(4 * k)) : new Float32Array(k));
  const image = (k: number): Float32Array => ((spare[k]?.length ?? 0) >= room + ow * oh ? spare[k] : fresh(room + ow * oh)).subarray(room, room + ow * oh);
  const inverse = (sums: Float32Array[], out: Float32Array, weights?: Float32Array): Promise<void> => {
    const task: InverseSumTaskInput = { parts: sums, width: ow, height: oh, out, ...(weights ? { q2: weights } : {}) };
    return pool ? pool.run<InverseSumTaskInput, void>(INVERSE_SUM_TASK, task) : inverseSumTask(task);
  };
  const [plain, weighted] = [image(0), image(1)];
  await Promise.all([inverse(blocksDone.map((b) => b.plain), plain), inverse(blocksDone.map((b) => b.weighted), weighted, q2)]);
  // The crop (padding off) is in place: row y moves to y × cropWidth, never after where it was.
  const crop = (data: Float32Array): Image2D => {
    if (ow !== cropWidth) for (let y = 1; y < cropHeight; y++) data.copyWithin(y * cropWidth, y * ow, y * ow + cropWidth);
    return { width: cropWidth, height: cropHeight, data: reserveMrcHeaderRoom(data.subarray(0, cropWidth * cropHeight)) };
  };
  return { noDw: crop(plain), dw: crop(weighted) };
}
