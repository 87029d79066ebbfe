// Streams frames from a generator into an MRC or LZW-TIFF movie file, one frame in memory at a time.
import { rm } from 'node:fs/promises';
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { writeMrcFile } from '../formats/mrc/index.js';
import { TiffWriter, fileSink, imageToTiffSamples, encodeLzw, Compression, FieldType, SampleFormat, Tag } from '../formats/tiff/index.js';
import type { TiffTag } from '../formats/tiff/index.js';

/** Writes an MRC stack (mode 0 = int8, 1 = int16, 2 = float32, 6 = uint16, 12 = float16) from `frames`, checking that `count` frames came. */
export async function streamMrcMovie(path: string, frames: Iterable<Image2D>, count: number, options: { pixelSizeA: number; mode: 0 | 1 | 2 | 6 | 12 }): Promise<void> {
  let n = 0;
  function* counted(): Generator<Image2D> {
    for (const f of frames) {
      n++;
      yield f;
    }
  }
  await writeMrcFile(path, counted(), { pixelSizeA: options.pixelSizeA, mode: options.mode, labels: ['cryoem-daq synth'] });
  if (n !== count) {
    await rm(path, { force: true });
    throw new InvalidInputError(`MRC movie "${path}": expected ${count} frames, got ${n}`);
  }
}

/**
 * Writes an LZW TIFF movie, one page per frame, unsigned 8/16-bit (counts) or float 32-bit. Frames are
 * flipped in y on write by imageToTiffSamples (SerialEM/IMOD/RELION convention), so a TIFF reader's flip
 * gives back the Image2D orientation in which truth coordinates are stated.
 */
export async function streamTiffMovie(path: string, frames: Iterable<Image2D>, options: { pixelSizeA: number; bitsPerSample: 8 | 16 | 32 }): Promise<void> {
  const bits = options.bitsPerSample;
  const sink = await fileSink(path);
  try {
    const writer = await TiffWriter.create(sink);
    let i = 0;
    for (const f of frames) {
      const rowBytes = f.width * (bits / 8);
      const rowsPerStrip = Math.max(1, Math.min(f.height, Math.floor(262144 / rowBytes)));
      const samples = imageToTiffSamples(f, bits, `TIFF movie "${path}" frame ${i++}`);
      const strips: Uint8Array[] = [];
      for (let at = 0; at < samples.length; at += rowBytes * rowsPerStrip) strips.push(encodeLzw(samples.subarray(at, Math.min(samples.length, at + rowBytes * rowsPerStrip))));
      await writer.addPage({ tags: tiffTags(f.width, f.height, bits, rowsPerStrip, options.pixelSizeA), strips });
    }
  } finally {
    await sink.close();
  }
}

function tiffTags(width: number, height: number, bits: number, rowsPerStrip: number, pixelSizeA: number): TiffTag[] {
  const perCm = 1e8 / pixelSizeA;
  const den = Math.max(1, Math.min(1_000_000, Math.floor(0xffffffff / perCm)));
  const res = [Math.round(perCm * den), den];
  return [
    { tag: Tag.ImageWidth, type: FieldType.LONG, values: [width] },
    { tag: Tag.ImageLength, type: FieldType.LONG, values: [height] },
    { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: [bits] },
    { tag: Tag.Compression, type: FieldType.SHORT, values: [Compression.Lzw] },
    { tag: Tag.Photometric, type: FieldType.SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [1] },
    { tag: Tag.RowsPerStrip, type: FieldType.LONG, values: [rowsPerStrip] },
    { tag: Tag.SampleFormat, type: FieldType.SHORT, values: [bits === 32 ? SampleFormat.Float : SampleFormat.Uint] },
    { tag: Tag.XResolution, type: FieldType.RATIONAL, values: res },
    { tag: Tag.YResolution, type: FieldType.RATIONAL, values: res },
    { tag: Tag.ResolutionUnit, type: FieldType.SHORT, values: [3] },
  ];
}
