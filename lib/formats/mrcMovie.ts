// Adapts the streaming MRC reader (lib/formats/mrc) to the MovieReader interface.

import { InvalidInputError } from '../errors.js';
import { openMrcFile } from './mrc/index.js';
import { checkFrameIndex } from './frameIndex.js';
import type { MovieReader } from './movieReader.js';

/** An MRC stack as a movie: one z section per frame, pixel size from cella/mx when set. */
export async function openMrcMovie(path: string): Promise<MovieReader> {
  const mrc = await openMrcFile(path).catch((err: unknown) => {
    if (err instanceof InvalidInputError) throw err;
    throw new InvalidInputError(`movie "${path}": cannot read as MRC: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  const px = mrc.header.pixelSizeA.x;
  return {
    path,
    format: 'mrc',
    width: mrc.header.nx,
    height: mrc.header.ny,
    frameCount: mrc.frameCount,
    ...(px > 0 ? { pixelSizeA: px } : {}),
    async readFrame(index) {
      checkFrameIndex(path, index, mrc.frameCount);
      return mrc.readFrame(index);
    },
    close: () => mrc.close(),
  };
}
