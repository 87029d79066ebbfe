// Worker-pool task: one frame of the aligned sum — local warp (optional), forward FFT, Fourier crop, phase shift.
import { initFft } from '../fft/index.js';
import type { Spectrum2D } from '../fft/index.js';
import type { Shift } from './alignGlobal.js';
import { frameSpectrum } from './sumAligned.js';
import { warpLocal } from './warpLocal.js';

export interface SumTaskInput {
  /** The corrected, padded frame (transferred). */
  data: Float32Array;
  width: number;
  height: number;
  index: number;
  outWidth: number;
  outHeight: number;
  /** Global shift of this frame, input pixels. @default none (no phase shift: the plain cropped spectrum) */
  shift?: Shift;
  /** Local model and the input-movie size it is normalised to; when given, warpLocal replaces the phase shift. */
  local?: { coeffX: number[]; coeffY: number[]; width: number; height: number };
}

/** This thread's full-size spectrum, reused frame after frame (the result is copied out anyway): less garbage per thread. */
let scratch: Spectrum2D | undefined;

export default async function sumTask(input: SumTaskInput): Promise<Spectrum2D> {
  await initFft();
  const n = 2 * (Math.floor(input.width / 2) + 1) * input.height;
  if (!scratch || scratch.width !== input.width || scratch.height !== input.height) scratch = { width: input.width, height: input.height, data: new Float32Array(n) };
  let img = { width: input.width, height: input.height, data: input.data };
  const l = input.local;
  if (l && input.shift) img = warpLocal(img, l, input.index, { width: l.width, height: l.height, offset: input.shift });
  return frameSpectrum(img, input.outWidth, input.outHeight, l ? null : (input.shift ?? null), scratch);
}
