// alignSpectra with each iteration's per-frame correlations spread over the worker pool (same arithmetic, same result).
import type { Spectrum2D } from '../fft/index.js';
import { shiftSpectrum } from '../fft/index.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { alignSpectra, weightTable } from './alignGlobal.js';
import type { AlignSpectraOptions, AlignSpectraResult } from './alignGlobal.js';
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
  const scale = options.scale ?? [1, 1];
  const wt = weightTable(w, h, options.bfactor ?? 500, scale);
  const weight = shared(wt.length);
  weight.set(wt);
  const maxIt = options.maxIterations ?? 10;
  const tol = options.tolerance ?? 0.05;
  const radius = Math.ceil((options.maxShift ?? 60) / Math.min(scale[0], scale[1]));
  const refineRadius = Math.max(2, Math.ceil((options.refineShift ?? 4) / Math.min(scale[0], scale[1])));
  const shifts = (options.initial ?? frames.map(() => ({ dx: 0, dy: 0 }))).map((s) => ({ ...s }));
  const aligned = frames.map((f) => ({ width: w, height: h, data: shared(f.data.length) }));
  const ref: Spectrum2D = { width: w, height: h, data: shared(frames[0].data.length) };
  const task = new URL('./alignTask.ts', import.meta.url);
  let it = 0;
  let inc = Infinity;
  while (it < maxIt && inc >= tol) {
    it++;
    ref.data.fill(0);
    for (let i = 0; i < n; i++) {
      shiftSpectrum(frames[i], -shifts[i].dx / scale[0], -shifts[i].dy / scale[1], { out: aligned[i] });
      const a = aligned[i].data;
      for (let j = 0; j < a.length; j++) ref.data[j] += a[j];
    }
    const searchRadius = it === 1 ? radius : Math.min(radius, refineRadius);
    const parts = await Promise.all(Array.from({ length: threads }, (_, t) => {
      const input: AlignTaskInput = { width: w, height: h, ref: ref.data, aligned: aligned.map((a) => a.data), weight, indices: frames.map((_, i) => i).filter((i) => i % threads === t), searchRadius };
      return pool.run<AlignTaskInput, { dx: number; dy: number }[]>(task, input);
    }));
    inc = 0;
    for (let i = 0; i < n; i++) {
      const p = parts[i % threads][Math.floor(i / threads)];
      const dx = p.dx * scale[0];
      const dy = p.dy * scale[1];
      shifts[i].dx += dx;
      shifts[i].dy += dy;
      inc = Math.max(inc, Math.hypot(dx, dy));
    }
    const s0 = { ...shifts[0] };
    for (const s of shifts) { s.dx -= s0.dx; s.dy -= s0.dy; }
  }
  return { shifts, iterations: it, converged: inc < tol, lastIncrement: inc };
}
