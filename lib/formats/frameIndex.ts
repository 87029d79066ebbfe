// The one frame-index check every movie reader shares, so the message is the same for all formats.

import { InvalidInputError } from '../errors.js';

/** Throws InvalidInputError unless `index` is a whole number in [0, frameCount). */
export function checkFrameIndex(path: string, index: number, frameCount: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= frameCount) {
    throw new InvalidInputError(`movie "${path}": frame ${index} does not exist (the movie has ${frameCount} frames)`);
  }
}
