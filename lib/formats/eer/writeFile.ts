// Streams raw EER frames into an EER file page by page: a 4K Falcon 4i exposure (~1,000 raw frames, ~1 GB) never sits in memory.
import { rm } from 'node:fs/promises';
import { InvalidInputError } from '../../errors.js';
import { TiffWriter, fileSink } from '../tiff/container.js';
import { eerPageTags, encodeEerFrame } from './encode.js';
import type { EerFrameInput, EncodeEerOptions } from './encode.js';

/** Writes `count` raw frames from `frames` to `path` (same layout as encodeEer); removes the file if a different number came. */
export async function writeEerFile(path: string, frames: Iterable<EerFrameInput>, count: number, options: EncodeEerOptions = {}): Promise<void> {
  const { base, first, codec, pixels } = eerPageTags(count, options);
  const sink = await fileSink(path);
  let n = 0;
  try {
    const writer = await TiffWriter.create(sink);
    for (const f of frames) {
      await writer.addPage({ tags: n === 0 ? first : base, strips: [encodeEerFrame(f, pixels, codec)] });
      n++;
    }
  } finally {
    await sink.close();
  }
  if (n !== count) {
    await rm(path, { force: true });
    throw new InvalidInputError(`EER file "${path}": expected ${count} raw frames, got ${n}`);
  }
}
