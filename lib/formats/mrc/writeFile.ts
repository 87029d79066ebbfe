// Write an MRC file section by section to a temporary name, then rename it into place.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { Image2D } from '../../image.js';
import { InvalidInputError } from '../../errors.js';
import { encodeHeader, encodeSection, resolveEncode } from './encode.js';
import type { EncodeMrcOptions, ResolvedEncode } from './encode.js';
import { MRC_HEADER_BYTES } from './header.js';
import { StatsAccumulator } from './stats.js';

/**
 * Write `images` as an MRC2014 file at `path`. Sections are encoded one at a time, so `images` may be a
 * generator and a movie-sized stack never exists in memory; the header, which needs the statistics and
 * the section count, is written last.
 */
export async function writeMrcFile(path: string, images: Iterable<Image2D>, options: EncodeMrcOptions = {}): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w');
  try {
    const stats = new StatsAccumulator();
    let r: ResolvedEncode | undefined;
    let offset = MRC_HEADER_BYTES;
    let count = 0;
    for (const image of images) {
      r ??= resolveEncode([image], options);
      if (image.width !== r.nx || image.height !== r.ny) {
        throw new InvalidInputError(`encodeMrc: image ${count} is ${image.width}×${image.height}, expected ${r.nx}×${r.ny} like image 0`);
      }
      const bytes = encodeSection(image, r, stats);
      await fh.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
      count++;
    }
    if (!r) throw new InvalidInputError(`MRC file "${path}": no images to write`);
    await fh.write(encodeHeader({ ...r, nz: count }, stats), 0, MRC_HEADER_BYTES, 0);
    await fh.close();
    await rename(tmp, path);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}
