// EER (Falcon 4 electron-event representation): decoding, rendering, encoding and metadata.
export { openEerMovie } from './read.js';
export type { EerMovieReader, OpenEerMovieOptions } from './read.js';
export { decodeEerFrame, EerDecodeError } from './decode.js';
export { accumulateEerFrame } from './accumulate.js';
export type { EerCountImage } from './accumulate.js';
export { renderEerFraction } from './fraction.js';
export type { EerFractionPlan } from './fraction.js';
export type { EerEvents } from './decode.js';
export { renderEerEvents } from './render.js';
export type { RenderEerEventsOptions } from './render.js';
export { encodeEer, encodeEerFrame, eerMetadataXml, eerPageTags } from './encode.js';
export { writeEerFile } from './writeFile.js';
export type { EerFrameInput, EncodeEerOptions } from './encode.js';
export { eerCodecFor, eerCodecOf, subPixelFlip } from './codec.js';
export type { EerCodec } from './codec.js';
export { parseEerMetadata } from './metadata.js';
export type { EerMetadata, EerMetadataItem } from './metadata.js';
