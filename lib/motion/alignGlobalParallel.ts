// alignSpectra with each iteration's aligned sum and per-frame correlations spread over the worker pool (same arithmetic, same result).
import type { Spectrum2D } from '../fft/index.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { alignSpectra, applyIncrements, resolveAlignment, searchRadiusAt, weightTable } from './alignGlobal.js';
import type { AlignSpectraOptions, AlignSpectraResult, Shift } from './alignGlobal.js';
import type { AlignPeaksInput, AlignSumInput } from './alignTask.js';
import { ALIGN_TASK } from './taskModules.js';

export interface AlignSpectraParallelOptions extends AlignSpectraOptions {
  /** Pool to run on. @default sharedWorkerPool() */
  pool?: WorkerPool;
  /** Below this many working pixels × frames the threads' start-up costs more than they save: run inline (measured: 512²×30 working spectra were slower on threads). @default 2^24 */
  minWork?: number;
}

const shared = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(4 * n));

/**
 * The loop of alignSpectra (reference §1.1) in two pool rounds per iteration: the threads shift the frames
 * and form the sum, each over its own band of rows (so the sums are added in the same order as inline),
 * then correlate the frames with (sum − frame), frames dealt round-robin. The shifts equal alignSpectra's.
 * Spectra not on shared memory are copied there once.
 */
export async function alignSpectraParallel(frames: Spectrum2D[], options: AlignSpectraParallelOptions = {}): Promise<AlignSpectraResult> {
  const n = frames.length;
  const { width: w, height: h } = frames[0];
  const pool = options.pool ?? sharedWorkerPool();
  const threads = Math.min(pool.threads, n);
  if (threads < 2 || w * h * n < (options.minWork ?? 2 ** 24)) return alignSpectra(frames, options);
  const a = resolveAlignment(frames, options);
  const weight = copyToShared(weightTable(w, h, a.bfactor, a.scale));
  const input = frames.map((f) => (f.data.buffer instanceof SharedArrayBuffer ? f.data : copyToShared(f.data)));
  const aligned = frames.map((f) => shared(f.data.length));
  const ref = shared(frames[0].data.length);
  const bands = Array.from({ length: threads }, (_, t): [number, number] => [Math.round((t * h) / threads), Math.round(((t + 1) * h) / threads)]);
  let it = 0;
  let inc = Infinity;
  while (it < a.maxIterations && inc >= a.tolerance) {
    it++;
    await Promise.all(bands.map((rows) => {
      const sum: AlignSumInput = { kind: 'sum', width: w, height: h, frames: input, aligned, ref, shifts: a.shifts, scale: a.scale, rows };
      return pool.run<AlignSumInput, null>(ALIGN_TASK, sum);
    }));
    const searchRadius = searchRadiusAt(a, it);
    const parts = await Promise.all(Array.from({ length: threads }, (_, t) => {
      const peaks: AlignPeaksInput = { kind: 'peaks', width: w, height: h, ref, aligned, weight, indices: frames.map((_, i) => i).filter((i) => i % threads === t), searchRadius };
      return pool.run<AlignPeaksInput, Shift[]>(ALIGN_TASK, peaks);
    }));
    inc = applyIncrements(a.shifts, frames.map((_, i) => parts[i % threads][Math.floor(i / threads)]), a.scale);
  }
  return { shifts: a.shifts, iterations: it, converged: inc < a.tolerance, lastIncrement: inc };
}

function copyToShared(data: Float32Array): Float32Array {
  const s = shared(data.length);
  s.set(data);
  return s;
}
