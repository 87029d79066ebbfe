// alignPatches spread over the worker pool: the corrected frames go on shared memory, each thread takes every k-th patch.
import type { Spectrum2D } from '../fft/index.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { alignPatches, correctedFrames } from './alignPatches.js';
import type { AlignPatchesOptions, LocalTrack } from './alignPatches.js';
import type { PatchTaskInput } from './patchTask.js';

export interface AlignPatchesParallelOptions extends AlignPatchesOptions {
  /** Pool to run on. @default sharedWorkerPool() */
  pool?: WorkerPool;
  /** Below this many working pixels × frames the threads' start-up costs more than they save: run inline (measured: 512²×30 working spectra were slower on threads). @default 2^24 */
  minWork?: number;
}

/** Same tracks, in the same order, as alignPatches (each patch is computed by the same code). Needs initFft(). */
export async function alignPatchesParallel(frames: Spectrum2D[], options: AlignPatchesParallelOptions): Promise<LocalTrack[]> {
  const { width: w, height: h } = frames[0];
  const pool = options.pool ?? sharedWorkerPool();
  const threads = Math.min(pool.threads, options.patches[0] * options.patches[1]);
  if (threads < 2 || w * h * frames.length < (options.minWork ?? 2 ** 24)) return alignPatches(frames, options);
  const real = correctedFrames(frames, options.global, options.scale, (n) => new Float32Array(new SharedArrayBuffer(4 * n)));
  const cells: [number, number][] = [];
  for (let j = 0; j < options.patches[1]; j++) for (let i = 0; i < options.patches[0]; i++) cells.push([i, j]);
  const { patches, scale, width, height, bfactor, maxShift } = options;
  const parts = await Promise.all(Array.from({ length: threads }, (_, t) => {
    const input: PatchTaskInput = {
      frames: real.map((r) => r.data), width: w, height: h,
      cells: cells.filter((_, k) => k % threads === t), options: { patches, scale, width, height, bfactor, maxShift },
    };
    return pool.run<PatchTaskInput, LocalTrack[]>(new URL('./patchTask.ts', import.meta.url), input);
  }));
  return cells.map((_, k) => parts[k % threads][Math.floor(k / threads)]);
}
