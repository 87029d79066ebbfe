// Writes a movie as a multi-page TIFF (one page per frame) with our own encoder: LZW, deflate or none.

import { deflateSync } from 'node:zlib';
import { InvalidInputError } from '../../errors.js';
import type { Image2D } from '../../image.js';
import { TiffWriter, fileSink } from './container.js';
import type { TiffTag } from './container.js';
import { encodeLzw } from './lzw.js';
import { imageToTiffSamples } from './samples.js';
import type { TiffBits } from './samples.js';
import { Compression, FieldType, SampleFormat, Tag } from './tags.js';

export interface WriteTiffMovieOptions {
  /** Strip compression. @default 'lzw' */
  compression?: 'lzw' | 'deflate' | 'none';
  /** 8 or 16 = unsigned integer samples (values must be whole numbers in range), 32 = float32. @default 16 */
  bitsPerSample?: TiffBits;
  /** Stored as X/YResolution in pixels per cm (RELION reads 1e8/xres Å). @default undefined (not written) */
  pixelSizeA?: number;
  /** Uncompressed bytes per strip (rounded to whole rows). @default 262144 */
  stripBytes?: number;
}

const COMPRESSION_CODE = { lzw: Compression.Lzw, deflate: Compression.Deflate, none: Compression.None } as const;

/** Rational pixels-per-cm for a pixel size in Å, with the largest denominator that keeps both in 32 bits. */
function resolutionRational(pixelSizeA: number): number[] {
  const perCm = 1e8 / pixelSizeA;
  const den = Math.max(1, Math.min(1_000_000, Math.floor(0xffffffff / perCm)));
  return [Math.round(perCm * den), den];
}

function pageTags(width: number, height: number, bits: TiffBits, code: number, rowsPerStrip: number, pixelSizeA?: number): TiffTag[] {
  const tags: TiffTag[] = [
    { tag: Tag.ImageWidth, type: FieldType.LONG, values: [width] },
    { tag: Tag.ImageLength, type: FieldType.LONG, values: [height] },
    { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: [bits] },
    { tag: Tag.Compression, type: FieldType.SHORT, values: [code] },
    { tag: Tag.Photometric, type: FieldType.SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [1] },
    { tag: Tag.RowsPerStrip, type: FieldType.LONG, values: [rowsPerStrip] },
    { tag: Tag.SampleFormat, type: FieldType.SHORT, values: [bits === 32 ? SampleFormat.Float : SampleFormat.Uint] },
  ];
  if (pixelSizeA !== undefined && pixelSizeA > 0) {
    const r = resolutionRational(pixelSizeA);
    tags.push({ tag: Tag.XResolution, type: FieldType.RATIONAL, values: r }, { tag: Tag.YResolution, type: FieldType.RATIONAL, values: r });
    tags.push({ tag: Tag.ResolutionUnit, type: FieldType.SHORT, values: [3] });
  }
  return tags;
}

/** Splits a frame's samples into strips of whole rows and compresses each. */
function encodeStrips(samples: Uint8Array, rowBytes: number, rowsPerStrip: number, compression: 'lzw' | 'deflate' | 'none'): Uint8Array[] {
  const strips: Uint8Array[] = [];
  const stripLen = rowBytes * rowsPerStrip;
  for (let at = 0; at < samples.length; at += stripLen) {
    const raw = samples.subarray(at, Math.min(samples.length, at + stripLen));
    strips.push(compression === 'lzw' ? encodeLzw(raw) : compression === 'deflate' ? deflateSync(raw) : raw);
  }
  return strips;
}

/**
 * Writes `frames` to `path`, one TIFF page per frame, frames flipped in y like SerialEM/IMOD/RELION
 * (see samples.ts), so `openTiffMovie` gives the frames back unchanged. Pages are encoded and written one
 * at a time.
 */
export async function writeTiffMovie(path: string, frames: Image2D[], options: WriteTiffMovieOptions = {}): Promise<void> {
  const { compression = 'lzw', bitsPerSample = 16, pixelSizeA, stripBytes = 262144 } = options;
  if (frames.length === 0) throw new InvalidInputError(`TIFF movie "${path}": no frames to write`);
  const { width, height } = frames[0];
  const rowBytes = width * (bitsPerSample / 8);
  const rowsPerStrip = Math.max(1, Math.min(height, Math.floor(stripBytes / rowBytes)));
  const tags = pageTags(width, height, bitsPerSample, COMPRESSION_CODE[compression], rowsPerStrip, pixelSizeA);
  const sink = await fileSink(path);
  try {
    const writer = await TiffWriter.create(sink);
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      if (f.width !== width || f.height !== height) {
        throw new InvalidInputError(`TIFF movie "${path}" frame ${i}: expected ${width}×${height}, got ${f.width}×${f.height}`);
      }
      const samples = imageToTiffSamples(f, bitsPerSample, `TIFF movie "${path}" frame ${i}`);
      await writer.addPage({ tags, strips: encodeStrips(samples, rowBytes, rowsPerStrip, compression) });
    }
  } finally {
    await sink.close();
  }
}
