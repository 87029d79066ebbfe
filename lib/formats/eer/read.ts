// Reads EER movies: raw hardware frames decoded from their TIFF strips and summed into fractions.

import { InvalidInputError } from '../../errors.js';
import { createImage } from '../../image.js';
import type { Image2D } from '../../image.js';
import { checkFrameIndex } from '../frameIndex.js';
import type { MovieReader } from '../movieReader.js';
import { fileSource, readAllIfds, readRawStrips, tagNumber, tagText } from '../tiff/ifd.js';
import type { ByteSource, Ifd } from '../tiff/ifd.js';
import { Tag } from '../tiff/tags.js';
import { eerCodecOf } from './codec.js';
import type { EerCodec } from './codec.js';
import { accumulateEerFrame } from './accumulate.js';
import type { EerFractionPlan } from './fraction.js';
import { parseEerMetadata } from './metadata.js';
import type { EerMetadata } from './metadata.js';

export interface OpenEerMovieOptions {
  /** Raw frames summed per fraction; the last `rawFrameCount % group` raw frames are dropped (RELION). @default 32 */
  group?: number;
  /** 1 = native (4K), 2 = 8K, 4 = 16K super-resolution. @default 1 */
  upsampling?: 1 | 2 | 4;
}

export interface EerMovieReader extends MovieReader {
  format: 'eer';
  /** Hardware frames in the file (pages with an EER codec). */
  rawFrameCount: number;
  metadata: EerMetadata;
  codec: EerCodec;
  /** Fraction `index` as a plan a worker thread can render from its own file handle (renderEerFraction). */
  fractionPlan(index: number): EerFractionPlan;
}

/** Opens an EER file. Pages with another codec (a TIA sum image) are skipped as EerReaderLib does. */
export async function openEerMovie(path: string, options: OpenEerMovieOptions = {}): Promise<EerMovieReader> {
  const { group = 32, upsampling = 1 } = options;
  if (!Number.isInteger(group) || group < 1) throw new InvalidInputError(`EER movie "${path}": group must be a whole number ≥ 1, got ${group}`);
  const src = await fileSource(path);
  try {
    return await makeReader(src, path, group, upsampling);
  } catch (err) {
    await src.close();
    if (err instanceof InvalidInputError) throw err;
    throw new InvalidInputError(`EER movie "${path}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function makeReader(src: ByteSource, path: string, group: number, upsampling: 1 | 2 | 4): Promise<EerMovieReader> {
  const { ifds } = await readAllIfds(src);
  const pages = ifds.filter((d) => eerCodecOf(d) !== null);
  if (pages.length === 0) throw new InvalidInputError(`EER movie "${path}": no page uses an EER codec (65000-65002)`);
  const codec = eerCodecOf(pages[0]) as EerCodec;
  const width = tagNumber(pages[0], Tag.ImageWidth) ?? 0;
  const height = tagNumber(pages[0], Tag.ImageLength) ?? 0;
  pages.forEach((p, i) => {
    const w = tagNumber(p, Tag.ImageWidth);
    const h = tagNumber(p, Tag.ImageLength);
    if (w !== width || h !== height) throw new InvalidInputError(`EER movie "${path}" raw frame ${i}: frame sizes differ: expected ${width}×${height}, got ${w}×${h}`);
  });
  const frameCount = Math.floor(pages.length / group);
  if (frameCount === 0) throw new InvalidInputError(`EER movie "${path}": ${pages.length} raw frames is fewer than one group of ${group}`);
  const metadata = parseEerMetadata(tagText(ifds[0], Tag.EerAcquisitionMetadata) ?? '');
  const px = metadata.pixelSizeA?.x;
  return {
    path,
    format: 'eer',
    width: width * upsampling,
    height: height * upsampling,
    frameCount,
    rawFrameCount: pages.length,
    metadata,
    codec,
    ...(px !== undefined && px > 0 ? { pixelSizeA: px / upsampling } : {}),
    async readFrame(index) {
      checkFrameIndex(path, index, frameCount);
      const image = createImage(width * upsampling, height * upsampling);
      for (let r = index * group; r < (index + 1) * group; r++) await accumulateRaw(src, pages[r], path, r, image, width, height, codec, upsampling);
      return image;
    },
    fractionPlan(index) {
      checkFrameIndex(path, index, frameCount);
      const raw = pages.slice(index * group, (index + 1) * group).map((p): [number, number][] => {
        const offsets = p.entries.get(Tag.StripOffsets)?.values ?? [];
        const counts = p.entries.get(Tag.StripByteCounts)?.values ?? [];
        if (offsets.length === 0 || offsets.length !== counts.length) throw new InvalidInputError(`EER movie "${path}": page at ${p.offset} has ${offsets.length} strip offsets and ${counts.length} byte counts`);
        return offsets.map((o, k) => [o, counts[k]]);
      });
      return { path, width, height, upsampling, codec, firstRaw: index * group, raw };
    },
    close: () => src.close(),
  };
}

async function accumulateRaw(src: ByteSource, page: Ifd, path: string, raw: number, image: Image2D, width: number, height: number, codec: EerCodec, upsampling: 1 | 2 | 4): Promise<void> {
  try {
    accumulateEerFrame(await readRawStrips(src, page), width * height, codec, image, width, upsampling);
  } catch (err) {
    throw new InvalidInputError(`EER movie "${path}" raw frame ${raw}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
