// alignPatches spread over the worker pool: frames corrected on the threads into shared memory, then one task per patch.
import type { Spectrum2D } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { alignPatches } from './alignPatches.js';
import type { AlignPatchesOptions, LocalTrack } from './alignPatches.js';
import type { CorrectFrameInput, PatchTrackInput } from './patchTask.js';
import { PATCH_TASK } from './taskModules.js';

export interface AlignPatchesParallelOptions extends AlignPatchesOptions {
  /** Pool to run on. @default sharedWorkerPool() */
  pool?: WorkerPool;
  /** Below this many working pixels × frames the threads' start-up costs more than they save: run inline (measured: 512²×30 working spectra were slower on threads). @default 2^24 */
  minWork?: number;
}

const shared = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(4 * n));

/** Same tracks, in the same order, as alignPatches (each frame and patch is computed by the same code). Needs initFft(). */
export async function alignPatchesParallel(frames: Spectrum2D[], options: AlignPatchesParallelOptions): Promise<LocalTrack[]> {
  const { width: w, height: h } = frames[0];
  const pool = options.pool ?? sharedWorkerPool();
  const threads = Math.min(pool.threads, options.patches[0] * options.patches[1]);
  if (threads < 2 || w * h * frames.length < (options.minWork ?? 2 ** 24)) return alignPatches(frames, options);
  const real = await correctFramesOnPool(frames, options, pool);
  const { patches, scale, width, height, bfactor, maxShift, tileScale, group } = options;
  const cells: [number, number][] = [];
  for (let j = 0; j < patches[1]; j++) for (let i = 0; i < patches[0]; i++) cells.push([i, j]);
  // One task per patch: the pool hands the next patch to whichever thread is free (patches differ in iterations).
  return Promise.all(cells.map((cell) => {
    const input: PatchTrackInput = { kind: 'track', frames: real.map((r) => r.data), width: w, height: h, cell, options: { patches, scale, width, height, bfactor, maxShift, tileScale, group } };
    return pool.run<PatchTrackInput, LocalTrack>(PATCH_TASK, input);
  }));
}

/**
 * correctedFrames on the pool, each real frame written straight into shared memory. Spectra already on
 * shared memory are read in place; others are copied into one of a few shared slots first (a copy is far
 * cheaper than the inverse FFT it feeds).
 */
async function correctFramesOnPool(frames: Spectrum2D[], options: AlignPatchesOptions, pool: WorkerPool): Promise<Image2D[]> {
  const { width: w, height: h } = frames[0];
  const real = frames.map(() => ({ width: w, height: h, data: shared(w * h) }));
  const slots: { data: Float32Array; busy: Promise<unknown> }[] = [];
  const runs: Promise<unknown>[] = [];
  try {
    for (let i = 0; i < frames.length; i++) {
      let spectrum = frames[i].data;
      let slot: (typeof slots)[number] | undefined;
      if (!(spectrum.buffer instanceof SharedArrayBuffer)) {
        if (slots.length < 2 * pool.threads) slots.push({ data: shared(spectrum.length), busy: Promise.resolve() });
        slot = slots[i % slots.length];
        await slot.busy;
        slot.data.set(spectrum);
        spectrum = slot.data;
      }
      const input: CorrectFrameInput = { kind: 'correct', spectrum, out: real[i].data, width: w, height: h, shift: options.global[i], scale: options.scale };
      const run = pool.run<CorrectFrameInput, null>(PATCH_TASK, input);
      runs.push(run);
      if (slot) slot.busy = run;
    }
    await Promise.all(runs);
  } finally {
    // After a failure, let the frames still in flight settle (no unhandled rejections, no writes after return).
    await Promise.allSettled(runs);
  }
  return real;
}
