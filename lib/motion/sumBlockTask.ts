// Task (worker or inline): plain and dose-weighted aligned sums of a block of consecutive frames, on shared memory.
import { fft2d, initFft } from '../fft/index.js';
import { spectrumColumns } from '../fft/index.js';
import type { Shift } from './alignGlobal.js';
import { DoseAccumulator } from './doseWeight.js';
import { createFrameLoader } from './frameLoader.js';
import type { FrameSet } from './frameSet.js';
import { warpLocal } from './warpLocal.js';
import { isMainThread } from 'node:worker_threads';
import { collectGarbage } from '../parallel/collectGarbage.js';

export interface SumBlockTaskInput {
  set: FrameSet;
  /** Frames from..to−1 (the dose weights run from `from`). */
  from: number;
  to: number;
  /** Output (binned) FFT size. */
  outWidth: number;
  outHeight: number;
  /** Å per OUTPUT pixel (dose weighting). */
  pixelSizeA: number;
  dosePerFrame: number;
  preExposure?: number;
  voltageKv?: number;
  /** halfInverseCriticalExposure of the output size and doseStepTable of it, shared by every block. */
  invNe: Float32Array;
  doseStep: Float32Array;
  /** This thread's copy of the frame set is dropped and collected at the end (set on a worker's copy, never on the caller's own set). @default false */
  releaseFrames?: boolean;
  /** Every frame's global shift, input pixels. */
  shifts: Shift[];
  /** Local model (input-movie size it is normalised to): frames are warped in real space with the global shift as offset instead of the phase ramp. */
  local?: { coeffX: number[]; coeffY: number[]; width: number; height: number };
}

export interface SumBlock {
  /** Half-plane spectra (output size) on SharedArrayBuffers, in DoseAccumulator's 'columns' layout: Σ F_i and Σ q_i·F_i (not yet normalised). */
  plain: Float32Array;
  weighted: Float32Array;
}

/** This thread's binned-spectrum buffer, reused block after block (it is only scratch). */
let scratch: Float32Array | undefined;

export default async function sumBlockTask(input: SumBlockTaskInput): Promise<SumBlock> {
  await initFft();
  // A worker's share of the alignment passes' buffers goes before the big sums are allocated (motionCorrect
  // collects the main thread's itself).
  if (!isMainThread) collectGarbage();
  const { set, outWidth: ow, outHeight: oh, local: lm } = input;
  const pw = set.paddedWidth;
  const ph = set.paddedHeight;
  const plan = fft2d(pw, ph);
  const acc = new DoseAccumulator(ow, oh, { ...input, firstFrame: input.from, a: input.invNe, r: input.doseStep }, (n) => new Float32Array(new SharedArrayBuffer(4 * n)));
  const half = spectrumColumns(ow);
  // Without binning the columns go straight into the sums; a binned (cropped) spectrum needs a buffer.
  const binned = ow !== pw || oh !== ph;
  if (binned && scratch?.length !== 2 * half * oh) scratch = new Float32Array(2 * half * oh);
  const spec = binned ? { width: ow, height: oh, data: scratch as Float32Array } : null;
  const frame = lm ? new Float32Array(pw * ph) : undefined;
  const loader = createFrameLoader(set);
  const transform = (fill: (dst: Float32Array) => void): void => {
    if (spec) {
      plan.forwardCrop(fill, spec);
      acc.add(spec.data);
    } else {
      plan.forwardColumns(fill, half, (kx0, nb, H, off) => acc.addColumns(kx0, nb, H, off, 2 * ph, 2));
    }
  };
  try {
    // Last frame first: the dose weights nest (DoseAccumulator).
    for (let i = input.to - 1; i >= input.from; i--) {
      const samples = await loader.samples(i);
      const shift = input.shifts[i];
      if (lm && frame) {
        loader.correct(samples, frame);
        acc.nextFrame();
        transform((dst) => warpLocal({ width: pw, height: ph, data: frame }, lm, i, { width: lm.width, height: lm.height, offset: shift, out: dst }));
      } else {
        acc.nextFrame((-shift.dx * ow) / pw, (-shift.dy * oh) / ph);
        transform((dst) => loader.correct(samples, dst));
      }
    }
  } finally {
    await loader.close();
    if (input.releaseFrames) {
      // The last pass over the frames: without this the worker's garbage keeps the shared frame cache alive.
      input.set.raw.fill(null);
      collectGarbage();
    }
  }
  return acc.finish();
}
