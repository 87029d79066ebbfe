// Decode raw MRC data bytes (any supported mode, either byte order) into typed arrays.
import { halfToFloat } from './float16.js';
import { bytesPerValue, sectionBytes } from './modes.js';
import type { MrcMode } from './modes.js';

/** Values in the file's own type: mode 0 Int8Array, 1 Int16Array, 2 and 12 Float32Array, 6 Uint16Array, 101 Uint8Array (one 0–15 value per pixel). */
export type MrcRawArray = Int8Array | Int16Array | Uint16Array | Float32Array | Uint8Array;

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverse the byte order of each `width`-byte word of `bytes` in place. */
export function swapWords(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** An aligned copy of `bytes` in host byte order. */
function hostOrderCopy(bytes: Uint8Array, width: number, littleEndian: boolean): ArrayBuffer {
  const copy = new Uint8Array(bytes); // a copy (Buffer#slice would be a view)
  if (width > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapWords(copy, width);
  return copy.buffer;
}

/** Unpack mode 101: each row has ceil(nx/2) bytes, even x in the low nibble, odd x in the high nibble. */
function unpack4Bit(bytes: Uint8Array, nx: number, rows: number): Uint8Array {
  const out = new Uint8Array(nx * rows);
  const rowBytes = Math.ceil(nx / 2);
  for (let y = 0; y < rows; y++) {
    const src = y * rowBytes;
    const dst = y * nx;
    for (let x = 0; x < nx; x++) {
      const b = bytes[src + (x >> 1)];
      out[dst + x] = x & 1 ? b >> 4 : b & 0x0f;
    }
  }
  return out;
}

/**
 * Decode `sections` consecutive nx×ny sections from `bytes` (which must hold at least that many). With `ownBytes`
 * the caller hands `bytes` over (a buffer it just read): the values are viewed in place (byte-swapped there when
 * the file's order differs) instead of copied, where the alignment allows.
 */
export function decodeRaw(bytes: Uint8Array, mode: MrcMode, littleEndian: boolean, nx: number, ny: number, sections: number, ownBytes = false): MrcRawArray {
  const n = nx * ny * sections;
  const used = bytes.subarray(0, sectionBytes(mode, nx, ny) * sections);
  if (mode === 101) return unpack4Bit(used, nx, ny * sections);
  const width = bytesPerValue(mode);
  let buf: ArrayBufferLike;
  let at = 0;
  if (ownBytes && used.byteOffset % width === 0) {
    if (width > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapWords(used, width);
    buf = used.buffer;
    at = used.byteOffset;
  } else {
    buf = hostOrderCopy(used, width, littleEndian);
  }
  switch (mode) {
    case 0:
      return new Int8Array(buf, at, n);
    case 1:
      return new Int16Array(buf, at, n);
    case 2:
      return new Float32Array(buf, at, n);
    case 6:
      return new Uint16Array(buf, at, n);
    case 12:
      return halfToFloat(new Uint16Array(buf, at, n));
  }
}

/** Float32 values of a raw array (the array itself when it already is Float32Array). */
export function rawToFloat32(raw: MrcRawArray): Float32Array {
  return raw instanceof Float32Array ? raw : Float32Array.from(raw);
}
