// TIFF movies: reading via sharp, writing with our own encoder (LZW / deflate / none), IFD parsing for EER.
export { openTiffMovie } from './read.js';
export type { TiffMovieReader } from './read.js';
export { decodeStrips, stripPlanOf } from './strips.js';
export type { TiffStripPlan } from './strips.js';
export { decodeLzw, isMsbLzw, LzwError } from './lzwDecode.js';
export { writeTiffMovie } from './write.js';
export type { WriteTiffMovieOptions } from './write.js';
export { encodeLzw } from './lzw.js';
export { TiffWriter, encodeTiff, fileSink, memorySink } from './container.js';
export type { TiffPage, TiffTag } from './container.js';
export { bufferSource, fileSource, readAllIfds, readIfd, readRawStrips, readTiffHeader, tagNumber, tagText, TiffFormatError } from './ifd.js';
export type { ByteSource, Ifd, IfdEntry } from './ifd.js';
export { imageToTiffSamples, tiffSamplesToImage } from './samples.js';
export type { SampleKind, TiffBits } from './samples.js';
export { Compression, FieldType, SampleFormat, Tag } from './tags.js';
