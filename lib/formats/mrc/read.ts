// Read a whole MRC file held in memory into float32 images in x, y, z order.
import type { Image2D } from '../../image.js';
import { reorderToXyz } from './axisOrder.js';
import { checkDataSize } from './dataSize.js';
import { decodeRaw, rawToFloat32 } from './decode.js';
import { parseMrcHeader } from './header.js';
import type { MrcHeader } from './header.js';
import type { MrcMode } from './modes.js';

export interface MrcVolume {
  /** The header as stored (nx, ny, nz are file dimensions, before axis reordering). */
  header: MrcHeader;
  /** One float32 image per z section, x fastest, after reordering by mapc/mapr/maps. */
  images: Image2D[];
}

/** Parse an MRC2014 file; throws InvalidInputError naming `name` for a bad header or truncated data. */
export function readMrc(bytes: Uint8Array, name: string): MrcVolume {
  const header = parseMrcHeader(bytes, name);
  checkDataSize(header, bytes.length, name);
  const raw = decodeRaw(bytes.subarray(header.dataOffset), header.mode as MrcMode, header.littleEndian, header.nx, header.ny, header.nz);
  return { header, images: reorderToXyz(rawToFloat32(raw), header) };
}
