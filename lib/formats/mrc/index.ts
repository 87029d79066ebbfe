// MRC2014 reading and writing (modes 0, 1, 2, 6, 12, 101; either byte order; axis reordering; streaming frames).
export { parseMrcHeader, MRC_HEADER_BYTES } from './header.js';
export type { MrcHeader } from './header.js';
export { readMrc } from './read.js';
export type { MrcVolume } from './read.js';
export { openMrcFile } from './openFile.js';
export type { MrcFileReader, MrcRawFrame } from './openFile.js';
export { encodeMrc, reserveMrcHeaderRoom } from './encode.js';
export type { EncodeMrcOptions } from './encode.js';
export { writeMrcFile } from './writeFile.js';
export type { MrcRawArray } from './decode.js';
export { HOST_LITTLE_ENDIAN } from './decode.js';
export type { MrcMode } from './modes.js';
export { isStandardAxisOrder, volumeSize } from './axisOrder.js';
export { computeMrcStats } from './stats.js';
export type { MrcStats } from './stats.js';
