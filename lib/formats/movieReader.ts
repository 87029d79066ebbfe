// What every movie reader (TIFF, MRC, EER) gives: frames decoded on demand, in one orientation.
import type { Image2D } from '../image.js';
import type { MovieFormat } from './detectFormat.js';

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
   * give it without a float copy (8-bit counts stay 1 byte per pixel). @default absent: use readFrame
   */
  readSamples?(index: number, options?: ReadSamplesOptions): Promise<FrameSamples>;
  close(): Promise<void>;
}

export interface ReadSamplesOptions {
  /** Samples this reader gave earlier that the caller is done with: their memory may be read into again (MRC). @default none */
  into?: FrameSamples;
}

/** One frame's pixels as stored (row-major, width × height, same orientation as readFrame). */
export type FrameSamples = Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array;

export interface OpenMovieOptions {
  /** Raw EER frames summed per delivered fraction; leftover raw frames are dropped, as RELION does. @default 32 */
  eerGroup?: number;
  /** EER rendering: 1 = 4K (physical pixels), 2 = 8K, 4 = 16K (super-resolution from sub-pixel bits). @default 1 */
  eerUpsampling?: 1 | 2 | 4;
}
