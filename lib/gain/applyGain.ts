// Multiplies a frame by a gain reference, after checking (or integer up-sampling) its size.

import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';

export interface ApplyGainOptions {
  /** Movie name for error messages. @default 'movie' */
  movieName?: string;
  /** Gain file name for error messages. @default 'gain' */
  gainName?: string;
  /** Write into `frame` instead of a new image (saves one frame of memory). @default false */
  inPlace?: boolean;
}

/**
 * frame × gain per pixel (MotionCor2 `-Gain` is multiplicative). A gain smaller than the frame by the same
 * whole factor on both axes is up-sampled by repetition, as MotionCor2's AugmentRefs does for
 * super-resolution frames; any other mismatch is an error naming both files and both sizes.
 */
export function applyGain(frame: Image2D, gain: Image2D, options: ApplyGainOptions = {}): Image2D {
  const { movieName = 'movie', gainName = 'gain', inPlace = false } = options;
  const fx = frame.width / gain.width;
  const fy = frame.height / gain.height;
  if (!(Number.isInteger(fx) && fx >= 1 && fx === fy)) {
    throw new InvalidInputError(`gain "${gainName}": expected ${frame.width}×${frame.height} to match movie "${movieName}", got ${gain.width}×${gain.height}`);
  }
  const out = inPlace ? frame : { width: frame.width, height: frame.height, data: new Float32Array(frame.data.length) };
  const { width, height } = frame;
  for (let y = 0; y < height; y++) {
    const grow = Math.floor(y / fy) * gain.width;
    const row = y * width;
    for (let x = 0; x < width; x++) out.data[row + x] = frame.data[row + x] * gain.data[grow + (fx === 1 ? x : Math.floor(x / fx))];
  }
  return out;
}
