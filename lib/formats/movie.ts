// The format-independent movie reader: detect TIFF / MRC / EER by content and read frames one at a time.

import { InvalidInputError } from '../errors.js';
import { detectMovieFormatOfFile } from './detectFormat.js';
import { openEerMovie } from './eer/read.js';
import { openMrcMovie } from './mrcMovie.js';
import { openTiffMovie } from './tiff/read.js';
import type { MovieReader, OpenMovieOptions } from './movieReader.js';

export { detectMovieFormat, detectMovieFormatOfFile, detectMovieFormatOfSource, detectMovieFormatOfBytes } from './detectFormat.js';
export type { MovieFormat } from './detectFormat.js';
export { checkFrameIndex } from './frameIndex.js';

export type { FrameSamples, MovieReader, OpenMovieOptions } from './movieReader.js';

/** Opens a movie by content (not extension): MRC via lib/formats/mrc, TIFF via sharp, EER via our decoder. */
export async function openMovie(path: string, options: OpenMovieOptions = {}): Promise<MovieReader> {
  const format = await detectMovieFormatOfFile(path, 'movie');
  if (format === null) throw new InvalidInputError(`movie "${path}": not a movie (not TIFF, EER or MRC by its first bytes)`);
  if (format === 'tiff') return openTiffMovie(path);
  if (format === 'eer') return openEerMovie(path, { group: options.eerGroup ?? 32, upsampling: options.eerUpsampling ?? 1 });
  return openMrcMovie(path);
}
