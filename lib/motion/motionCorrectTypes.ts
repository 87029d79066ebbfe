// Types shared by our motion correction and the MotionCor2 wrapper (kept apart so neither imports the other).
import type { Image2D } from '../image.js';
import type { Shift } from './alignGlobal.js';
import type { MotioncorResults } from './result.js';

export interface RunMotionCor2Options {
  /** Path of the MotionCor2/3 executable (env MOTIONCOR2_BIN). */
  bin: string;
  /** @default 1800000 (30 min) */
  timeoutMs?: number;
  /** Kills MotionCor2 when aborted (the function host's deadline). */
  signal?: AbortSignal;
  /** -Patch X Y. @default [5, 5] */
  patches?: [number, number];
  /** @default 0 */
  gpu?: number;
}

export interface MotionCorrectOptions {
  /** Å per input pixel. */
  pixelSizeA: number;
  /** e⁻/Å² per (delivered) frame. */
  dosePerFrame: number;
  /** @default 0 */
  preExposure?: number;
  /** @default 300 */
  voltageKv?: number;
  /** Gain reference in the movie's orientation. @default none */
  gain?: Image2D;
  /** Gain file to read (MRC/TIFF/EER .gain) with MotionCor2 -RotGain/-FlipGain; used when `gain` is not given. @default none */
  gainFile?: { path: string; rotate?: 0 | 1 | 2 | 3; flip?: 0 | 1 | 2 };
  /** @default 'gain' */
  gainName?: string;
  /** Defect mask, 1 = bad. @default none */
  defects?: Uint8Array;
  /** Output binning (Fourier crop). @default 1 */
  binning?: number;
  /** EER frames per fraction. @default 32 */
  eerGroup?: number;
  /** Global B-factor, input pixels² (see alignSpectra; 150 measured best on simulated 512² movies). @default 150 */
  bfactor?: number;
  /** Largest working (alignment) size per axis. @default 1024 */
  maxWorkingSize?: number;
  /** @default 10 */
  maxIterations?: number;
  /** Frames either side in the temporal smoothing of the trajectory (0 = none). @default 3 */
  smoothingHalfWindow?: number;
  /** Patch grid for local alignment; runs when both are ≥ 2 and each patch is ≥ 128 input pixels wide (smaller ones carry too little signal per frame). @default none */
  patches?: [number, number];
  /** How patches are aligned and the local model fitted (see LocalAlignmentOptions). @default the measured best */
  localAlignment?: LocalAlignmentOptions;
  /** Run this MotionCor2/MotionCor3 executable instead of our implementation (env MOTIONCOR2_BIN in the callers). @default none */
  motionCor2?: RunMotionCor2Options;
  /** Progress lines (stage names). @default none */
  onProgress?: (message: string) => void;
}

/** Settings of the patch stage; each default is the value measured best on the 2048²×40, 5×5, 2.5 px bench movie. */
export interface LocalAlignmentOptions {
  /** B-factor of the patch alignment, input pixels². */
  bfactor?: number;
  /** Tile edge over the patch pitch (> 1: overlapping tiles). */
  tileScale?: number;
  /** Largest residual (after global) shift a patch searches, input pixels. */
  maxShift?: number;
  /** Frames summed per group for the patch alignment. */
  group?: number;
  /** Fit a free offset per patch track (its first frame's error kept out of the model). */
  trackOffsets?: boolean;
  /** Drop patch tracks whose residual exceeds this many times the median track's, then refit (0 = keep all). */
  outlierFactor?: number;
}

export interface MotionCorrectOutput {
  results: MotioncorResults;
  /** Per-frame shifts, input-movie pixels (the step draws them as the drift plot). */
  shifts: Shift[];
  /** Which implementation produced it: ours ('cpu') or the wrapped binary. */
  software: { implementation: string; version: string };
  /** The sums themselves, for callers that measure them. */
  dw: Image2D;
  noDw: Image2D;
}
