// Adapts the streaming MRC reader (lib/formats/mrc) to the MovieReader interface.

import { InvalidInputError } from '../errors.js';
import { isStandardAxisOrder, openMrcFile } from './mrc/index.js';
import type { MrcRawArray } from './mrc/index.js';
import { checkFrameIndex } from './frameIndex.js';
import type { FrameSamples, MovieReader, ReadSamplesOptions } from './movieReader.js';

/**
 * A section's values as frame samples: int8 counts (mode 0, never negative from a counting camera) as the
 * unsigned bytes they equal, which motion correction packs in one pass like an 8-bit TIFF frame; other types as stored.
 */
function asSamples(data: MrcRawArray): FrameSamples {
  if (!(data instanceof Int8Array)) return data;
  for (let i = 0; i < data.length; i++) if (data[i] < 0) return data;
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

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
    // Only in the standard axis order (every movie): other orders are maps, read whole and reordered as floats.
    ...(isStandardAxisOrder(mrc.header) ? {
      async readSamples(index: number, options?: ReadSamplesOptions): Promise<FrameSamples> {
        checkFrameIndex(path, index, mrc.frameCount);
        const spent = options?.into;
        return asSamples((await mrc.readFrameRaw(index, spent ? new Uint8Array(spent.buffer, spent.byteOffset, spent.byteLength) : undefined)).data);
      },
    } : {}),
    close: () => mrc.close(),
  };
}
