// Worker-pool task: correlation peaks of some frames of one global-alignment iteration (spectra on shared memory).
import { fft2d, initFft } from '../fft/index.js';
import type { Spectrum2D } from '../fft/index.js';
import { framePeak } from './alignGlobal.js';

export interface AlignTaskInput {
  width: number;
  height: number;
  /** The aligned sum and every aligned frame (half-plane spectra), on SharedArrayBuffers. */
  ref: Float32Array;
  aligned: Float32Array[];
  weight: Float32Array;
  /** Frames this task correlates. */
  indices: number[];
  searchRadius: number;
}

export default async function alignTask(input: AlignTaskInput): Promise<{ dx: number; dy: number }[]> {
  await initFft();
  const { width: w, height: h } = input;
  const spec = (data: Float32Array): Spectrum2D => ({ width: w, height: h, data });
  const scratch = { plan: fft2d(w, h), cps: spec(new Float32Array(input.ref.length)), map: { width: w, height: h, data: new Float32Array(w * h) } };
  return input.indices.map((i) => framePeak(spec(input.ref), spec(input.aligned[i]), input.weight, input.searchRadius, scratch));
}
