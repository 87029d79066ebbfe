// The format-independent movie reader: detect TIFF / MRC / EER by content and read frames one at a time.

import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';
import { detectMovieFormatOfFile } from './detectFormat.js';
import type { MovieFormat } from './detectFormat.js';
import { openEerMovie } from './eer/read.js';
import { openMrcMovie } from './mrcMovie.js';
import { openTiffMovie } from './tiff/read.js';

export { detectMovieFormat, detectMovieFormatOfFile, detectMovieFormatOfSource, detectMovieFormatOfBytes } from './detectFormat.js';
export type { MovieFormat } from './detectFormat.js';
export { checkFrameIndex } from './frameIndex.js';

/** Frames of one movie, decoded on demand; callers must `close()` it. */
export interface MovieReader {
  path: string;
  format: MovieFormat;
  width: number;
  height: number;
  /** Frames as delivered by readFrame (for EER: fractions of `eerGroup` raw frames). */
  frameCount: number;
  /** EER: raw frames in the file (frameCount fractions use the first frameCount × group of them). @default absent */
  rawFrameCount?: number;
  /** Å per pixel of the delivered frames, when the file records it. */
  pixelSizeA?: number;
  /** Frame `index` (0-based) as float pixels, row 0 = the first MRC row (TIFF is read y-flipped). */
  readFrame(index: number): Promise<Image2D>;
  /**
   * Frame `index` in its stored integer or float type, same orientation as readFrame, when the reader can
   * give it without a float copy (8-bit counts stay 1 byte per pixel); with `shared`, on a SharedArrayBuffer
   * (for worker threads). @default absent: use readFrame
   */
  readSamples?(index: number, options?: { shared?: boolean }): Promise<FrameSamples>;
  close(): Promise<void>;
}

/** One frame's pixels as stored (row-major, width × height, same orientation as readFrame). */
export type FrameSamples = Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array;

export interface OpenMovieOptions {
  /** Raw EER frames summed per delivered fraction; leftover raw frames are dropped, as RELION does. @default 32 */
  eerGroup?: number;
  /** EER rendering: 1 = 4K (physical pixels), 2 = 8K, 4 = 16K (super-resolution from sub-pixel bits). @default 1 */
  eerUpsampling?: 1 | 2 | 4;
}

/** Opens a movie by content (not extension): MRC via lib/formats/mrc, TIFF via sharp, EER via our decoder. */
export async function openMovie(path: string, options: OpenMovieOptions = {}): Promise<MovieReader> {
  const format = await detectMovieFormatOfFile(path, 'movie');
  if (format === null) throw new InvalidInputError(`movie "${path}": not a movie (not TIFF, EER or MRC by its first bytes)`);
  if (format === 'tiff') return openTiffMovie(path);
  if (format === 'eer') return openEerMovie(path, { group: options.eerGroup ?? 32, upsampling: options.eerUpsampling ?? 1 });
  return openMrcMovie(path);
}
