// Encode a stack of equal-size images as an MRC2014 file in memory (header statistics from the stored values).
import { InvalidInputError } from '../../errors.js';
import type { Image2D } from '../../image.js';
import { isSupportedMode, supportedModesText } from './modes.js';
import type { MrcMode } from './modes.js';
import { quantize, sectionInto, sectionToBytes } from './quantize.js';
import { sectionBytes } from './modes.js';
import { MRC_HEADER_BYTES } from './header.js';
import { StatsAccumulator } from './stats.js';
import { buildMrcHeader } from './writeHeader.js';
import { HOST_LITTLE_ENDIAN } from './decode.js';

export interface EncodeMrcOptions {
  /** Pixel size in Å (cella = n × pixel size). @default 1 */
  pixelSizeA?: number;
  /** Data mode; integer modes round and clamp. @default 2 */
  mode?: 0 | 1 | 2 | 6 | 12 | 101;
  /** Header labels (at most 10, 80 characters each). @default ['cryoem-daq'] */
  labels?: string[];
  /** Mark the stack as a volume (ispg 1, mz = nz) instead of an image stack (ispg 0, mz = 1). @default false */
  volume?: boolean;
  /** Byte order of the written file. @default true */
  littleEndian?: boolean;
}

/** Options with defaults filled in, plus the stack's dimensions. */
export interface ResolvedEncode {
  nx: number;
  ny: number;
  nz: number;
  mode: MrcMode;
  pixelSizeA: number;
  labels: string[];
  volume: boolean;
  littleEndian: boolean;
}

/** Check the stack (non-empty, equal sizes, data lengths) and the options; fill in defaults. */
export function resolveEncode(images: Image2D[], options: EncodeMrcOptions = {}): ResolvedEncode {
  if (images.length === 0) throw new InvalidInputError('encodeMrc: no images to write');
  const { width: nx, height: ny } = images[0];
  images.forEach((im, i) => {
    if (im.width !== nx || im.height !== ny) {
      throw new InvalidInputError(`encodeMrc: image ${i} is ${im.width}×${im.height}, expected ${nx}×${ny} like image 0`);
    }
    if (im.data.length !== nx * ny) {
      throw new InvalidInputError(`encodeMrc: image ${i} has ${im.data.length} values, expected ${nx}×${ny} = ${nx * ny}`);
    }
  });
  const mode = options.mode ?? 2;
  if (!isSupportedMode(mode)) throw new InvalidInputError(`encodeMrc: unsupported mode ${String(mode)} (supported: ${supportedModesText()})`);
  const pixelSizeA = options.pixelSizeA ?? 1;
  if (!(pixelSizeA > 0 && Number.isFinite(pixelSizeA))) throw new InvalidInputError(`encodeMrc: pixel size must be a positive number of Å, got ${pixelSizeA}`);
  const labels = options.labels ?? ['cryoem-daq'];
  if (labels.length > 10) throw new InvalidInputError(`encodeMrc: at most 10 labels fit in an MRC header, got ${labels.length}`);
  return { nx, ny, nz: images.length, mode, pixelSizeA, labels, volume: options.volume ?? false, littleEndian: options.littleEndian ?? true };
}

/** File bytes of one image, adding its stored values to `stats`. */
export function encodeSection(image: Image2D, r: ResolvedEncode, stats: StatsAccumulator): Uint8Array {
  const q = quantize(image.data, r.mode);
  stats.add(q.values);
  return sectionToBytes(q, r.mode, r.nx, r.ny, r.littleEndian);
}

/** The header once all sections have been added to `stats`. */
export function encodeHeader(r: ResolvedEncode, stats: StatsAccumulator): Uint8Array {
  return buildMrcHeader({ ...r, stats: stats.result() });
}

/** Pixel arrays whose buffer has MRC_HEADER_BYTES free right before them (reserveMrcHeaderRoom). */
const headerRoom = new WeakSet<Float32Array>();

/**
 * Declares the MRC_HEADER_BYTES before `data` in its buffer free for a header: encodeMrc of that one image as mode 2
 * in host byte order then writes the header there and returns the file as a view of the same memory, without
 * copying the pixels (a 4096² float image is 67 MB of fresh pages to copy). The file and the image share memory.
 */
export function reserveMrcHeaderRoom(data: Float32Array): Float32Array {
  if (data.byteOffset < MRC_HEADER_BYTES) throw new RangeError(`reserveMrcHeaderRoom: ${data.byteOffset} bytes before the pixels, need ${MRC_HEADER_BYTES}`);
  headerRoom.add(data);
  return data;
}

/** An MRC2014 file holding `images` as sections; throws InvalidInputError on mismatched sizes. */
export function encodeMrc(images: Image2D[], options: EncodeMrcOptions = {}): Uint8Array {
  const r = resolveEncode(images, options);
  const stats = new StatsAccumulator();
  const only = images[0].data;
  if (images.length === 1 && r.mode === 2 && r.littleEndian === HOST_LITTLE_ENDIAN && headerRoom.has(only)) {
    stats.add(only);
    const file = new Uint8Array(only.buffer, only.byteOffset - MRC_HEADER_BYTES, MRC_HEADER_BYTES + only.byteLength);
    file.set(encodeHeader(r, stats), 0);
    return file;
  }
  const each = sectionBytes(r.mode, r.nx, r.ny);
  // Sections go straight into the file's one buffer (a 4096² float image is 67 MB: a second copy was a second 67 MB of fresh pages).
  const out = new Uint8Array(MRC_HEADER_BYTES + each * images.length);
  images.forEach((im, z) => {
    const q = quantize(im.data, r.mode);
    stats.add(q.values);
    const at = MRC_HEADER_BYTES + z * each;
    sectionInto(q, r.mode, r.nx, r.ny, r.littleEndian, out.subarray(at, at + each));
  });
  out.set(encodeHeader(r, stats), 0);
  return out;
}
