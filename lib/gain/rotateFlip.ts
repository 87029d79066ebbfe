// Rotates and flips a gain reference exactly as MotionCor2/3 -RotGain / -FlipGain (rotate first, then flip).

import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';

export interface RotateFlipGainOptions {
  /** -RotGain: number of 90° counter-clockwise turns, 0..3 (RELION --gain_rot, same values). @default 0 */
  rotate?: 0 | 1 | 2 | 3;
  /** -FlipGain: 0 none, 1 upside down (about the x axis), 2 left-right. Applied after rotation. @default 0 */
  flip?: 0 | 1 | 2;
}

/**
 * MC3 `G90Rotate2D`: out(x, y) = in(x·cos + y·sin, −x·sin + y·cos) about the centres ((N−1)/2), output
 * size swapped for odd turns. For whole quarter turns this is, with W×H the input size:
 *   1: out(x, y) = in(y, H−1−x)   2: out(x, y) = in(W−1−x, H−1−y)   3: out(x, y) = in(W−1−y, x).
 * MC3 `GFlip2D`: 1 (Vertical) out(x, y) = in(x, H−1−y); 2 (Horizontal) out(x, y) = in(W−1−x, y).
 * Order rotate → flip follows MC3 `CLoadRefs::PostProcess`.
 */
export function rotateFlipGain(gain: Image2D, options: RotateFlipGainOptions = {}): Image2D {
  const { rotate = 0, flip = 0 } = options;
  if (![0, 1, 2, 3].includes(rotate)) throw new InvalidInputError(`gain rotation must be 0..3 quarter turns, got ${rotate}`);
  if (![0, 1, 2].includes(flip)) throw new InvalidInputError(`gain flip must be 0 (none), 1 (upside down) or 2 (left-right), got ${flip}`);
  const { width: W, height: H, data } = gain;
  const ow = rotate % 2 === 1 ? H : W;
  const oh = rotate % 2 === 1 ? W : H;
  const out = new Float32Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    const fy = flip === 1 ? oh - 1 - y : y;
    for (let x = 0; x < ow; x++) {
      const fx = flip === 2 ? ow - 1 - x : x;
      // (fx, fy) is the pixel of the rotated image that lands on (x, y) after the flip.
      let sx = fx;
      let sy = fy;
      if (rotate === 1) [sx, sy] = [fy, H - 1 - fx];
      else if (rotate === 2) [sx, sy] = [W - 1 - fx, H - 1 - fy];
      else if (rotate === 3) [sx, sy] = [W - 1 - fy, fx];
      out[y * ow + x] = data[sy * W + sx];
    }
  }
  return { width: ow, height: oh, data: out };
}
