// alignSpectra with each iteration's per-frame correlations spread over the worker pool (same arithmetic, same result).
import type { Spectrum2D } from '../fft/index.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { alignSpectra, applyIncrements, formAlignedSum, resolveAlignment, searchRadiusAt, weightTable } from './alignGlobal.js';
import type { AlignSpectraOptions, AlignSpectraResult, Shift } from './alignGlobal.js';
import type { AlignTaskInput } from './alignTask.js';

export interface AlignSpectraParallelOptions extends AlignSpectraOptions {
  /** Pool to run on. @default sharedWorkerPool() */
  pool?: WorkerPool;
  /** Below this many working pixels × frames the threads' start-up costs more than they save: run inline (measured: 512²×30 working spectra were slower on threads). @default 2^24 */
  minWork?: number;
}

const shared = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(4 * n));

/**
 * The loop of alignSpectra (reference §1.1): the main thread shifts the frames and forms the sum on shared
 * memory; the frames' correlations with (sum − frame) and their peaks are computed by the pool's threads,
 * frames dealt round-robin. Frames within one iteration are independent, so the shifts equal alignSpectra's.
 */
export async function alignSpectraParallel(frames: Spectrum2D[], options: AlignSpectraParallelOptions = {}): Promise<AlignSpectraResult> {
  const n = frames.length;
  const { width: w, height: h } = frames[0];
  const pool = options.pool ?? sharedWorkerPool();
  const threads = Math.min(pool.threads, n);
  if (threads < 2 || w * h * n < (options.minWork ?? 2 ** 24)) return alignSpectra(frames, options);
  const a = resolveAlignment(frames, options);
  const wt = weightTable(w, h, a.bfactor, a.scale);
  const weight = shared(wt.length);
  weight.set(wt);
  const aligned = frames.map((f) => ({ width: w, height: h, data: shared(f.data.length) }));
  const ref: Spectrum2D = { width: w, height: h, data: shared(frames[0].data.length) };
  const task = new URL('./alignTask.ts', import.meta.url);
  let it = 0;
  let inc = Infinity;
  while (it < a.maxIterations && inc >= a.tolerance) {
    it++;
    formAlignedSum(frames, a.shifts, a.scale, aligned, ref);
    const searchRadius = searchRadiusAt(a, it);
    const parts = await Promise.all(Array.from({ length: threads }, (_, t) => {
      const input: AlignTaskInput = { width: w, height: h, ref: ref.data, aligned: aligned.map((f) => f.data), weight, indices: frames.map((_, i) => i).filter((i) => i % threads === t), searchRadius };
      return pool.run<AlignTaskInput, Shift[]>(task, input);
    }));
    inc = applyIncrements(a.shifts, frames.map((_, i) => parts[i % threads][Math.floor(i / threads)]), a.scale);
  }
  return { shifts: a.shifts, iterations: it, converged: inc < a.tolerance, lastIncrement: inc };
}
