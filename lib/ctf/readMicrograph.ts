// One aligned micrograph from MRC bytes, with the checks CTF estimation needs (single image, a pixel size).
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { HOST_LITTLE_ENDIAN, parseMrcHeader, readMrc } from '../formats/mrc/index.js';
import type { MrcVolume } from '../formats/mrc/index.js';

export interface ReadMicrographOptions {
  /** Pixel size (Å) to use when given; else the header's (cella/mx). @default from header */
  pixelSizeA?: number;
}

/**
 * A float32 single image in host byte order, x-fastest and 4-byte aligned is read as a view of `bytes` (no copy:
 * 64 MB less at 4096²; the caller hands its file buffer over); anything else goes through readMrc.
 */
function readSingleImage(bytes: Uint8Array, name: string): MrcVolume {
  const header = parseMrcHeader(bytes, name);
  const n = header.nx * header.ny;
  const at = bytes.byteOffset + header.dataOffset;
  const plain = header.mode === 2 && header.nz === 1 && header.littleEndian === HOST_LITTLE_ENDIAN && header.mapc === 1 && header.mapr === 2 && header.maps === 3;
  if (!plain || at % 4 !== 0 || header.dataOffset + 4 * n > bytes.length) return readMrc(bytes, name);
  return { header, images: [{ width: header.nx, height: header.ny, data: new Float32Array(bytes.buffer, at, n) }] };
}

/** Parses `bytes` as MRC (the image may be a view of `bytes`: do not reuse them); throws InvalidInputError for non-MRC data, a stack (nz > 1) or no usable pixel size. */
export function readMicrograph(bytes: Uint8Array, name: string, options: ReadMicrographOptions = {}): { image: Image2D; pixelSizeA: number } {
  const vol = readSingleImage(bytes, name);
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
