// Worker-pool task of one global-alignment iteration, on shared memory: some rows of the aligned frames and their sum, or some frames' correlation peaks.
import { initFft, spectrumColumns } from '../fft/index.js';
import { createPeakScratch, formAlignedSum, framePeak } from './alignGlobal.js';
import type { PeakScratch, Shift } from './alignGlobal.js';

/** formAlignedSum for rows [y0, y1): every frame shifted back into `aligned`, and their sum into `ref`. */
export interface AlignSumInput {
  kind: 'sum';
  width: number;
  height: number;
  /** Working-size spectra, the aligned frames and the sum, on SharedArrayBuffers. */
  frames: Float32Array[];
  aligned: Float32Array[];
  ref: Float32Array;
  /** Current shifts (input pixels) and input pixels per working pixel. */
  shifts: Shift[];
  scale: [number, number];
  rows: [number, number];
}

/** framePeak of the frames `indices`. */
export interface AlignPeaksInput {
  kind: 'peaks';
  width: number;
  height: number;
  /** The aligned sum, every aligned frame and the weight table, on SharedArrayBuffers. */
  ref: Float32Array;
  aligned: Float32Array[];
  weight: Float32Array;
  indices: number[];
  searchRadius: number;
}

export type AlignTaskInput = AlignSumInput | AlignPeaksInput;

/** This thread's buffers, reused iteration after iteration. */
let peakScratch: PeakScratch | undefined;
let phase = new Float64Array(0);

export default async function alignTask(input: AlignTaskInput): Promise<Shift[] | null> {
  await initFft();
  const { width: w, height: h } = input;
  if (input.kind === 'sum') {
    if (phase.length < 2 * spectrumColumns(w)) phase = new Float64Array(2 * spectrumColumns(w));
    formAlignedSum(input.frames, w, h, input.shifts, input.scale, input.rows, phase, input.aligned, input.ref);
    return null;
  }
  if (peakScratch?.plan.width !== w || peakScratch.plan.height !== h) peakScratch = createPeakScratch(w, h);
  const s = peakScratch;
  return input.indices.map((i) => framePeak(input.ref, input.aligned[i], input.weight, input.searchRadius, s));
}
