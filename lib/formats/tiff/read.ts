// Reads TIFF movies frame by frame: our IFD parser checks the pages, sharp (libvips/libtiff) decodes one page at a time.

import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { InvalidInputError } from '../../errors.js';
import { checkFrameIndex } from '../frameIndex.js';
import type { MovieReader } from '../movieReader.js';
import { fileSource, readAllIfds, tagNumber } from './ifd.js';
import { isMsbLzw } from './lzwDecode.js';
import { stripPlanOf } from './strips.js';
import type { TiffStripPlan } from './strips.js';
import type { Ifd } from './ifd.js';
import { tiffSamplesFlipped, tiffSamplesToImage } from './samples.js';
import type { SampleKind } from './samples.js';
import { Compression, Tag } from './tags.js';

// libvips caches finished operations (up to 50 MB): a movie's pages are each decoded once, so that is dead memory.
sharp.cache(false);

type SharpDepth = 'uchar' | 'char' | 'ushort' | 'short' | 'uint' | 'int' | 'float';

const KINDS: Record<string, { kind: SampleKind; depth: SharpDepth; space: string }> = {
  '8/1': { kind: 'uint8', depth: 'uchar', space: 'b-w' },
  '8/2': { kind: 'int8', depth: 'char', space: 'b-w' },
  '16/1': { kind: 'uint16', depth: 'ushort', space: 'grey16' },
  '16/2': { kind: 'int16', depth: 'short', space: 'grey16' },
  '32/3': { kind: 'float32', depth: 'float', space: 'b-w' },
};

interface PageLayout {
  width: number;
  height: number;
  key: string;
}

function layoutOf(ifd: Ifd, path: string, page: number): PageLayout {
  const width = tagNumber(ifd, Tag.ImageWidth) ?? 0;
  const height = tagNumber(ifd, Tag.ImageLength) ?? 0;
  const spp = tagNumber(ifd, Tag.SamplesPerPixel, 1);
  if (width <= 0 || height <= 0) throw new InvalidInputError(`TIFF movie "${path}" page ${page}: missing image size`);
  if (spp !== 1) throw new InvalidInputError(`TIFF movie "${path}" page ${page}: expected 1 sample per pixel, got ${spp}`);
  const key = `${tagNumber(ifd, Tag.BitsPerSample, 1)}/${tagNumber(ifd, Tag.SampleFormat, 1)}`;
  if (!KINDS[key]) throw new InvalidInputError(`TIFF movie "${path}" page ${page}: unsupported sample type (bits/format ${key}); supported: 8/16-bit integer, 32-bit float`);
  return { width, height, key };
}

/** Pixel size from XResolution: 2.54e8/xres Å per pixel for inches, 1e8/xres for cm (RELION rwTIFF.h). */
function pixelSizeOf(ifd: Ifd): number | undefined {
  const xres = tagNumber(ifd, Tag.XResolution);
  const unit = tagNumber(ifd, Tag.ResolutionUnit, 2);
  if (xres === undefined || !(xres > 0) || !Number.isFinite(xres)) return undefined;
  if (unit === 2) return 2.54e8 / xres;
  if (unit === 3) return 1e8 / xres;
  return undefined;
}

export interface TiffMovieReader extends MovieReader {
  /** Page `index`'s strips for decodeStrips (8-bit counts in uncompressed or LZW strips), or null: read it with readSamples. */
  stripPlan(index: number): TiffStripPlan | null;
}

/**
 * Opens a multi-page TIFF movie. All pages must share size and sample type. Frames come back flipped in y
 * (the IMOD/SerialEM/RELION/MotionCor2 convention) so they overlay MRC outputs; only one page is decoded
 * per readFrame. sharp needs the explicit colourspace (else 3 bands) and raw depth (else 8-bit).
 */
export async function openTiffMovie(path: string): Promise<TiffMovieReader> {
  const src = await fileSource(path);
  let ifds: Ifd[];
  let stripsDecodable = false;
  try {
    ifds = (await readAllIfds(src)).ifds;
    // Pages are decoded without sharp (decodeStrips) only when page 0 is the simple case, its first LZW strip in
    // today's code order (libtiff still reads the pre-1990 LSB-first streams; we leave those to it).
    const first = stripPlanOf(ifds[0], path, 0);
    stripsDecodable = first !== null && (first.compression !== Compression.Lzw || isMsbLzw(await src.read(first.strips[0][0], 2)));
  } catch (err) {
    throw new InvalidInputError(`TIFF movie "${path}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    await src.close();
  }
  const first = layoutOf(ifds[0], path, 0);
  ifds.forEach((ifd, i) => {
    const l = layoutOf(ifd, path, i);
    if (l.width !== first.width || l.height !== first.height) {
      throw new InvalidInputError(`TIFF movie "${path}" page ${i}: frame sizes differ: expected ${first.width}×${first.height}, got ${l.width}×${l.height}`);
    }
    if (l.key !== first.key) throw new InvalidInputError(`TIFF movie "${path}" page ${i}: sample type ${l.key} differs from page 0 (${first.key})`);
  });
  const { kind, depth, space } = KINDS[first.key];
  const pixelSizeA = pixelSizeOf(ifds[0]);
  /** Page `index` decoded by sharp (libvips/libtiff, off the main thread) as raw sample bytes, TIFF row order. */
  const decodePage = async (index: number): Promise<Buffer> => {
    checkFrameIndex(path, index, ifds.length);
    let out: { data: Buffer; info: OutputInfo };
    try {
      out = await sharp(path, { page: index, limitInputPixels: false }).toColourspace(space).raw({ depth }).toBuffer({ resolveWithObject: true });
    } catch (err) {
      throw new InvalidInputError(`TIFF movie "${path}": unreadable page ${index}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const { info, data } = out;
    if (info.channels !== 1 || info.width !== first.width || info.height !== first.height) {
      throw new InvalidInputError(`TIFF movie "${path}" page ${index}: decoder returned ${info.width}×${info.height}×${info.channels}, expected ${first.width}×${first.height}×1`);
    }
    return data;
  };
  return {
    path,
    format: 'tiff',
    width: first.width,
    height: first.height,
    frameCount: ifds.length,
    ...(pixelSizeA !== undefined ? { pixelSizeA } : {}),
    async readFrame(index) {
      return tiffSamplesToImage(await decodePage(index), first.width, first.height, kind);
    },
    async readSamples(index) {
      return tiffSamplesFlipped(await decodePage(index), first.width, first.height, kind as Exclude<SampleKind, 'uint32' | 'int32'>);
    },
    stripPlan(index) {
      checkFrameIndex(path, index, ifds.length);
      return stripsDecodable ? stripPlanOf(ifds[index], path, index) : null;
    },
    async close() {},
  };
}
