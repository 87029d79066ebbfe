// Worker-pool task: the tracks of some patches, cut from globally corrected frames shared with the main thread.
import { initFft } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { patchTrack } from './alignPatches.js';
import type { AlignPatchesOptions, LocalTrack } from './alignPatches.js';

export interface PatchTaskInput {
  /** Frame data on SharedArrayBuffers (no copy), working size. */
  frames: Float32Array[];
  width: number;
  height: number;
  /** Patch grid indices [i, j] this task aligns. */
  cells: [number, number][];
  options: Omit<AlignPatchesOptions, 'global'>;
}

export default async function patchTask(input: PatchTaskInput): Promise<LocalTrack[]> {
  await initFft();
  const real: Image2D[] = input.frames.map((data) => ({ width: input.width, height: input.height, data }));
  return input.cells.map(([i, j]) => patchTrack(real, i, j, input.options));
}
