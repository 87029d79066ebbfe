// Tells a movie's format from its first bytes: TIFF, EER (a TIFF whose first page uses codec 65000-65002) or MRC.

import { Compression, Tag } from './tiff/tags.js';
import { readIfd, readTiffHeader, tagNumber, tiffByteOrder } from './tiff/ifd.js';
import type { ByteSource } from './tiff/ifd.js';
import { bufferSource, fileSource } from './tiff/ifd.js';
import { InvalidInputError } from '../errors.js';

export type MovieFormat = 'tiff' | 'mrc' | 'eer';

const MRC_MODES = new Set([0, 1, 2, 6, 12, 101]);

function isEerCompression(c: number | undefined): boolean {
  return c === Compression.EerV0 || c === Compression.EerV1 || c === Compression.EerV2;
}

/** MRC: "MAP " at byte 208 (MRC2000/2014), else a plausible header (sizes, a movie mode, axis order 1..3). */
function looksLikeMrc(head: Uint8Array): boolean {
  if (head.length < 224) return false;
  if (head[208] === 0x4d && head[209] === 0x41 && head[210] === 0x50 && head[211] === 0x20) return true;
  const dv = new DataView(head.buffer, head.byteOffset, head.length);
  for (const le of [true, false]) {
    const [nx, ny, nz, mode] = [0, 4, 8, 12].map((o) => dv.getInt32(o, le));
    const axes = [64, 68, 72].map((o) => dv.getInt32(o, le)).sort();
    const dimsOk = [nx, ny, nz].every((n) => n >= 1 && n <= 1_000_000);
    if (dimsOk && MRC_MODES.has(mode) && axes.join() === '1,2,3') return true;
  }
  return false;
}

/**
 * Format by magic bytes, or null for anything else (PNG, JPEG, text...). For TIFF, the first IFD's
 * Compression tag decides TIFF vs EER when that IFD lies inside `head`; otherwise 'tiff' is returned
 * (pass at least the first IFD, or use detectMovieFormatOfSource on the whole file).
 */
export function detectMovieFormat(head: Uint8Array): MovieFormat | null {
  const order = tiffByteOrder(head);
  if (order !== null) {
    const le = order === 'le';
    const dv = new DataView(head.buffer, head.byteOffset, head.length);
    const at = dv.getUint32(4, le);
    if (at + 2 <= head.length) {
      const n = dv.getUint16(at, le);
      for (let i = 0; i < n && at + 2 + i * 12 + 12 <= head.length; i++) {
        const e = at + 2 + i * 12;
        if (dv.getUint16(e, le) === Tag.Compression) return isEerCompression(dv.getUint16(e + 8, le)) ? 'eer' : 'tiff';
      }
    }
    return 'tiff';
  }
  return looksLikeMrc(head) ? 'mrc' : null;
}

/** Like detectMovieFormat, but follows the first IFD pointer anywhere in the file. */
export async function detectMovieFormatOfSource(src: ByteSource): Promise<MovieFormat | null> {
  const head = await src.read(0, 1024);
  const quick = detectMovieFormat(head);
  if (quick !== 'tiff') return quick;
  try {
    const { le, firstIfd } = await readTiffHeader(src);
    const { ifd } = await readIfd(src, firstIfd, le);
    return isEerCompression(tagNumber(ifd, Tag.Compression)) ? 'eer' : 'tiff';
  } catch {
    return 'tiff';
  }
}

/** detectMovieFormatOfSource for a file; an unreadable file is an InvalidInputError naming it as `what` ("movie", "defect file"…). */
export async function detectMovieFormatOfFile(path: string, what: string): Promise<MovieFormat | null> {
  try {
    const src = await fileSource(path);
    try {
      return await detectMovieFormatOfSource(src);
    } finally {
      await src.close();
    }
  } catch (err) {
    throw new InvalidInputError(`${what} "${path}": cannot read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** detectMovieFormatOfSource for bytes already in memory. */
export async function detectMovieFormatOfBytes(bytes: Uint8Array): Promise<MovieFormat | null> {
  return detectMovieFormatOfSource(bufferSource(bytes));
}
