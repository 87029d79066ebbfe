// sumAligned with the per-frame FFT work on the worker pool: the main thread reads frames and accumulates in order.
import type { Image2D } from '../image.js';
import { cropImage, fft2d } from '../fft/index.js';
import type { Spectrum2D } from '../fft/index.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import { DoseWeighter } from './doseWeight.js';
import { sumAligned } from './sumAligned.js';
import type { SumAlignedOptions } from './sumAligned.js';
import type { SumTaskInput } from './sumTask.js';

export interface SumAlignedParallelOptions extends Omit<SumAlignedOptions, 'local'> {
  /** Local model (input-movie size it is normalised to): frames are warped with the global shift as offset. @default none */
  localModel?: { coeffX: number[]; coeffY: number[]; width: number; height: number };
  /** Pool to run on. @default sharedWorkerPool() */
  pool?: WorkerPool;
  /** Below this many input pixels × frames run inline (sumAligned; 1024²×30 was slower on threads). @default 2^26 */
  minWork?: number;
}

/**
 * The same sums as sumAligned: each frame is read here and handed (transferred) to a thread that warps,
 * transforms, crops and shifts it; spectra come back and are added in frame order (the dose weighter's
 * running weights need that), with at most `threads` frames in flight to bound memory. Needs initFft().
 */
export async function sumAlignedParallel(read: (i: number) => Promise<Image2D>, options: SumAlignedParallelOptions): Promise<{ noDw: Image2D; dw: Image2D }> {
  const { outWidth: ow, outHeight: oh, localModel: lm } = options;
  const n = options.shifts.length;
  const pool = options.pool ?? sharedWorkerPool();
  const first = await read(0);
  if (pool.threads < 2 || first.width * first.height * n < (options.minWork ?? 2 ** 26)) {
    const local = lm ? (await import('./warpLocal.js')).warpLocal : undefined;
    return sumAligned((i) => (i === 0 ? Promise.resolve(first) : read(i)), {
      ...options, local: local && lm ? (img, z) => local(img, lm, z, { width: lm.width, height: lm.height, offset: options.shifts[z] }) : undefined,
    });
  }
  const plain: Spectrum2D = { width: ow, height: oh, data: new Float32Array(2 * ((ow >> 1) + 1) * oh) };
  const dw = new DoseWeighter(ow, oh, { pixelSizeA: options.pixelSizeA, dosePerFrame: options.dosePerFrame, preExposure: options.preExposure, voltageKv: options.voltageKv });
  const add = (spec: Spectrum2D): void => {
    for (let j = 0; j < spec.data.length; j++) plain.data[j] += spec.data[j];
    dw.add(spec);
  };
  await pooledSpectra(pool, n, (i) => (i === 0 ? Promise.resolve(first) : read(i)), (raw, i) => ({ outWidth: ow, outHeight: oh, shift: options.shifts[i], local: lm }), (spec, i) => {
    add(spec);
    options.onFrame?.(i);
  });
  const outPlan = fft2d(ow, oh);
  const crop = (s: Spectrum2D): Image2D => cropImage(outPlan.inverse(s), options.cropWidth, options.cropHeight);
  return { noDw: crop(plain), dw: crop(dw.finish()) };
}

/**
 * Reads frames 0…n−1 here, hands each (transferred) to a sumTask on the pool and passes the spectra to `use`
 * in frame order, with at most `pool.threads` frames in flight (bounds memory). Needs initFft().
 */
export async function pooledSpectra(
  pool: WorkerPool, n: number, read: (i: number) => Promise<Image2D>,
  params: (frame: Image2D, i: number) => Omit<SumTaskInput, 'data' | 'width' | 'height' | 'index'>,
  use: (spec: Spectrum2D, i: number) => void,
): Promise<void> {
  const task = new URL('./sumTask.ts', import.meta.url);
  const inFlight: Promise<Spectrum2D>[] = [];
  let done = 0;
  for (let i = 0; i < n; i++) {
    const raw = await read(i);
    // Transfer when the frame owns its whole buffer (a view into a reader's buffer must not be detached).
    const own = !(raw.data.buffer instanceof SharedArrayBuffer) && raw.data.byteOffset === 0 && raw.data.byteLength === raw.data.buffer.byteLength;
    const data = own ? raw.data : raw.data.slice();
    const input: SumTaskInput = { data, width: raw.width, height: raw.height, index: i, ...params(raw, i) };
    inFlight.push(pool.run<SumTaskInput, Spectrum2D>(task, input, [data.buffer as ArrayBuffer]));
    if (inFlight.length >= pool.threads) use(await (inFlight.shift() as Promise<Spectrum2D>), done++);
  }
  while (inFlight.length > 0) use(await (inFlight.shift() as Promise<Spectrum2D>), done++);
}
