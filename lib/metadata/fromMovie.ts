// What the movie file itself records: the MRC/TIFF header's pixel size, the EER acquisition XML.
import type { EerMetadata } from '../formats/eer/index.js';
import type { MovieReader } from '../formats/movie.js';
import type { MovieMetadata } from './types.js';

/** A header pixel size of exactly 1 Å is what writers put when nobody set one, so it is not taken as a measurement. */
function plausiblePixelSize(px: number | undefined): px is number {
  return px !== undefined && Number.isFinite(px) && px > 0 && px !== 1;
}

/** EER: per-fraction dose = totalDose (e/physical pixel) ÷ pixel area ÷ raw frames × raw frames per fraction. */
export function eerMetadataValues(meta: EerMetadata, rawFrames: number, group: number): MovieMetadata {
  const out: MovieMetadata = { source: 'metadata:eer' };
  const px = meta.pixelSizeA?.x;
  if (plausiblePixelSize(px)) out.pixelSizeA = px;
  if (meta.totalDosePerPixel !== undefined && px !== undefined && px > 0) {
    const total = meta.totalDosePerPixel / (px * px);
    out.totalDose = total;
    const raw = meta.numberOfFrames ?? rawFrames;
    if (raw > 0) out.dosePerFrame = (total / raw) * group;
  }
  if (meta.timestamp !== undefined && !Number.isNaN(Date.parse(meta.timestamp))) out.acquiredAt = meta.timestamp;
  return out;
}

/** Header values of an open movie (frame count always; pixel size when recorded). */
export function movieHeaderValues(reader: MovieReader & { metadata?: EerMetadata }, eerGroup: number): MovieMetadata {
  if (reader.format === 'eer' && reader.metadata !== undefined) {
    return { ...eerMetadataValues(reader.metadata, reader.rawFrameCount ?? 0, eerGroup), frameCount: reader.frameCount };
  }
  const source = reader.format === 'mrc' ? 'metadata:mrc' : 'metadata:tiff';
  return { source, frameCount: reader.frameCount, ...(plausiblePixelSize(reader.pixelSizeA) ? { pixelSizeA: reader.pixelSizeA } : {}) };
}
