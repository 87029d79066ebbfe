// Write an MRC file section by section to a temporary name, then rename it into place.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { Image2D } from '../../image.js';
import { encodeHeader, encodeSection, resolveEncode } from './encode.js';
import type { EncodeMrcOptions } from './encode.js';
import { MRC_HEADER_BYTES } from './header.js';
import { StatsAccumulator } from './stats.js';

/**
 * Write `images` as an MRC2014 file at `path`. Sections are encoded one at a time (a movie-sized
 * stack never exists twice in memory); the header, which needs the statistics, is written last.
 */
export async function writeMrcFile(path: string, images: Image2D[], options: EncodeMrcOptions = {}): Promise<void> {
  const r = resolveEncode(images, options);
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w');
  try {
    const stats = new StatsAccumulator();
    let offset = MRC_HEADER_BYTES;
    for (const image of images) {
      const bytes = encodeSection(image, r, stats);
      await fh.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
    }
    await fh.write(encodeHeader(r, stats), 0, MRC_HEADER_BYTES, 0);
    await fh.close();
    await rename(tmp, path);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}
