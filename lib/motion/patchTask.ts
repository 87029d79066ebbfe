// Worker-pool task of patch alignment: one frame's global correction, or one patch's track, on memory shared with the main thread.
import { initFft } from '../fft/index.js';
import type { Image2D } from '../image.js';
import type { Shift } from './alignGlobal.js';
import { correctedFrame, patchScratchFor, patchTrack } from './alignPatches.js';
import type { AlignPatchesOptions, LocalTrack, PatchScratch } from './alignPatches.js';

/** correctedFrame of one working-size spectrum, written into `out`. */
export interface CorrectFrameInput {
  kind: 'correct';
  /** Half-plane spectrum and the real frame to write, both on SharedArrayBuffers (no copy). */
  spectrum: Float32Array;
  out: Float32Array;
  width: number;
  height: number;
  shift: Shift;
  scale: [number, number];
}

/** The track of patch `cell` = [i, j], cut from the corrected frames. */
export interface PatchTrackInput {
  kind: 'track';
  /** Corrected frames on SharedArrayBuffers, working size. */
  frames: Float32Array[];
  width: number;
  height: number;
  cell: [number, number];
  options: Omit<AlignPatchesOptions, 'global'>;
}

export type PatchTaskInput = CorrectFrameInput | PatchTrackInput;

/** This thread's buffers, reused task after task (tasks are small: one patch). */
let patchScratch: PatchScratch | undefined;

export default async function patchTask(input: PatchTaskInput): Promise<LocalTrack | null> {
  await initFft();
  const { width: w, height: h } = input;
  if (input.kind === 'correct') {
    correctedFrame({ width: w, height: h, data: input.spectrum }, input.shift, input.scale, { width: w, height: h, data: input.out });
    return null;
  }
  const real: Image2D[] = input.frames.map((data) => ({ width: w, height: h, data }));
  patchScratch = patchScratchFor(real, input.options, patchScratch);
  return patchTrack(real, input.cell[0], input.cell[1], input.options, patchScratch);
}
