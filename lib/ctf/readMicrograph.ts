// One aligned micrograph from MRC bytes, with the checks CTF estimation needs (single image, a pixel size).
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { readMrc } from '../formats/mrc/index.js';

export interface ReadMicrographOptions {
  /** Pixel size (Å) to use when given; else the header's (cella/mx). @default from header */
  pixelSizeA?: number;
}

/** Parses `bytes` as MRC; throws InvalidInputError for non-MRC data, a stack (nz > 1) or no usable pixel size. */
export function readMicrograph(bytes: Uint8Array, name: string, options: ReadMicrographOptions = {}): { image: Image2D; pixelSizeA: number } {
  const vol = readMrc(bytes, name);
  if (vol.images.length !== 1) {
    throw new InvalidInputError(`micrograph "${name}": expected a single image (nz = 1), got a stack of ${vol.images.length}; average or align the frames first`);
  }
  // The header stores float32: 0.8 reads back as 0.800000011920929; 6 significant digits is what was written.
  const apix = options.pixelSizeA ?? Number(vol.header.pixelSizeA.x.toPrecision(6));
  if (!(apix > 0) || !Number.isFinite(apix)) {
    throw new InvalidInputError(`micrograph "${name}": pixel size must be > 0 Å, got ${apix} (header cella/mx); give it explicitly`);
  }
  return { image: vol.images[0], pixelSizeA: apix };
}
