// An 8-bit TIFF page's strips as a plain, cloneable plan, and their synchronous decoding strip by strip: what a
// worker thread needs to decode pages from its own file handle (as EER fractions are), without sharp.
import { closeSync, openSync, readSync } from 'node:fs';
import { InvalidInputError } from '../../errors.js';
import type { Ifd } from './ifd.js';
import { tagNumber } from './ifd.js';
import { decodeLzw, isMsbLzw } from './lzwDecode.js';
import { Compression, Tag } from './tags.js';

export interface TiffStripPlan {
  path: string;
  /** Page index (for messages). */
  page: number;
  width: number;
  height: number;
  rowsPerStrip: number;
  compression: typeof Compression.None | typeof Compression.Lzw;
  /** Per strip: [file offset, byte count]. */
  strips: [number, number][];
}

/**
 * The plan of page `page`, or null when it is not the simple case decoded here: one 8-bit unsigned sample per
 * pixel, in strips, uncompressed or LZW without a predictor, bits in the usual order. Everything else (16-bit,
 * float, deflate, tiles, predictors) stays with sharp.
 */
export function stripPlanOf(ifd: Ifd, path: string, page: number): TiffStripPlan | null {
  const num = (tag: number, fallback: number): number => tagNumber(ifd, tag, fallback) ?? fallback;
  const width = num(Tag.ImageWidth, 0);
  const height = num(Tag.ImageLength, 0);
  const compression = num(Tag.Compression, Compression.None);
  const simple = width > 0 && height > 0 && num(Tag.BitsPerSample, 1) === 8 && num(Tag.SampleFormat, 1) === 1 && num(Tag.SamplesPerPixel, 1) === 1
    && num(Tag.Predictor, 1) === 1 && num(Tag.FillOrder, 1) === 1 && num(Tag.PlanarConfiguration, 1) === 1 && !ifd.entries.has(Tag.TileWidth)
    && (compression === Compression.None || compression === Compression.Lzw);
  if (!simple) return null;
  const rowsPerStrip = Math.min(height, num(Tag.RowsPerStrip, height));
  const offsets = ifd.entries.get(Tag.StripOffsets)?.values ?? [];
  const counts = ifd.entries.get(Tag.StripByteCounts)?.values ?? [];
  if (!(rowsPerStrip >= 1) || offsets.length !== Math.ceil(height / rowsPerStrip) || counts.length !== offsets.length) return null;
  return { path, page, width, height, rowsPerStrip, compression: compression as TiffStripPlan['compression'], strips: offsets.map((o, k) => [o, counts[k]]) };
}

/** This thread's buffer for one strip's compressed bytes, grown as needed. */
let packed = new Uint8Array(0);

/**
 * Decodes strips first..last−1 one at a time into `scratch` (at least rowsPerStrip × width bytes) and hands each to
 * `rows(y0, count, scratch)`: rows y0..y0+count−1 of the page, TIFF row order. A short or corrupt strip is an
 * InvalidInputError naming the file, page and strip.
 */
export function decodeStrips(plan: TiffStripPlan, first: number, last: number, scratch: Uint8Array, rows: (y0: number, count: number, bytes: Uint8Array) => void): void {
  const { path, page, width, height, rowsPerStrip } = plan;
  const fd = openSync(path, 'r');
  try {
    for (let s = first; s < last; s++) {
      const [offset, size] = plan.strips[s];
      const y0 = s * rowsPerStrip;
      const count = Math.min(rowsPerStrip, height - y0);
      const want = count * width;
      const where = `TIFF movie "${path}" page ${page} strip ${s}`;
      if (packed.length < size) packed = new Uint8Array(size);
      if (readSync(fd, packed, 0, size, offset) !== size) throw new InvalidInputError(`${where}: ${size} bytes at ${offset} run past the end of the file (truncated)`);
      const src = packed.subarray(0, size);
      let got: number;
      if (plan.compression === Compression.None) {
        got = Math.min(size, want);
        scratch.set(src.subarray(0, got));
      } else {
        if (!isMsbLzw(src)) throw new InvalidInputError(`${where}: does not start with an LZW Clear code (corrupt, or old-style LZW, which openTiffMovie leaves to sharp)`);
        try {
          got = decodeLzw(src, scratch, 0, want);
        } catch (err) {
          throw new InvalidInputError(`${where}: corrupt LZW data: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      }
      if (got !== want) throw new InvalidInputError(`${where}: decodes to ${got} bytes, expected ${want} (${count} rows of ${width})`);
      rows(y0, count, scratch);
    }
  } finally {
    closeSync(fd);
  }
}
