// Converts between Image2D (float, row 0 = MRC first row) and TIFF sample bytes, applying the TIFF y flip.

import { InvalidInputError } from '../../errors.js';
import type { Image2D } from '../../image.js';

export type TiffBits = 8 | 16 | 32;

/**
 * Sample bytes (little-endian) for one frame, rows reversed: IMOD, SerialEM, RELION and MotionCor2 flip y
 * whenever they read or write TIFF (RELION `rwTIFF.h`), so we store row `height-1-y` of the image as TIFF row y.
 * 8/16 bits are unsigned integers and must hold whole numbers in range; 32 is IEEE float.
 */
export function imageToTiffSamples(image: Image2D, bits: TiffBits, what: string): Uint8Array {
  const { width, height, data } = image;
  const n = width * height;
  const out = bits === 8 ? new Uint8Array(n) : bits === 16 ? new Uint16Array(n) : new Float32Array(n);
  const max = bits === 8 ? 255 : 65535;
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width;
    const dst = y * width;
    if (bits === 32) {
      out.set(data.subarray(src, src + width), dst);
      continue;
    }
    for (let x = 0; x < width; x++) {
      const v = data[src + x];
      if (!(v >= 0 && v <= max) || Math.round(v) !== v) {
        throw new InvalidInputError(`${what} pixel (${x}, ${height - 1 - y}): ${bits}-bit TIFF needs whole numbers 0..${max}, got ${v}`);
      }
      out[dst + x] = v;
    }
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The inverse of imageToTiffSamples for raw little-endian samples of any supported type, rows flipped back. */
export function tiffSamplesToImage(bytes: Uint8Array, width: number, height: number, kind: SampleKind): Image2D {
  return { width, height, data: flipRowsInto(typedSamples(bytes, kind, width * height), width, height, new Float32Array(width * height)) };
}

/**
 * The samples in their own type (8-bit stays 1 byte per pixel), rows flipped back as tiffSamplesToImage, in place in
 * `bytes` (when 4-byte aligned), so a decoded page costs no second allocation (a fresh 16 MB buffer costs more in
 * page faults than the copy itself).
 */
export function tiffSamplesFlipped(bytes: Uint8Array, width: number, height: number, kind: Exclude<SampleKind, 'uint32' | 'int32'>): Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array {
  return flipRowsInPlace(typedSamples(bytes, kind, width * height) as Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array, width, height);
}

function flipRowsInPlace<T extends Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array>(a: T, width: number, height: number): T {
  const row = a.slice(0, width);
  for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
    row.set(a.subarray(top * width, (top + 1) * width));
    a.copyWithin(top * width, bottom * width, (bottom + 1) * width);
    a.set(row as never, bottom * width);
  }
  return a;
}

function typedSamples(bytes: Uint8Array, kind: SampleKind, n: number): Typed {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return typedView(aligned, kind, n);
}

function flipRowsInto<T extends Typed | Float32Array>(src: Typed, width: number, height: number, out: T): T {
  for (let y = 0; y < height; y++) {
    const s = (height - 1 - y) * width;
    out.set(src.subarray(s, s + width), y * width);
  }
  return out;
}

export type SampleKind = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32';

type Typed = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

function typedView(b: Uint8Array, kind: SampleKind, n: number): Typed {
  const { buffer, byteOffset } = b;
  switch (kind) {
    case 'uint8': return new Uint8Array(buffer, byteOffset, n);
    case 'int8': return new Int8Array(buffer, byteOffset, n);
    case 'uint16': return new Uint16Array(buffer, byteOffset, n);
    case 'int16': return new Int16Array(buffer, byteOffset, n);
    case 'uint32': return new Uint32Array(buffer, byteOffset, n);
    case 'int32': return new Int32Array(buffer, byteOffset, n);
    case 'float32': return new Float32Array(buffer, byteOffset, n);
  }
}
