// Convert float32 pixels to a mode's stored values and bytes (the inverse of decode.ts).
import { floatToHalfBits, halfToFloat } from './float16.js';
import { HOST_LITTLE_ENDIAN, swapWords } from './decode.js';
import type { MrcRawArray } from './decode.js';
import { bytesPerValue, sectionBytes } from './modes.js';
import type { MrcMode } from './modes.js';

/** Round to the nearest integer and clamp to [lo, hi]; NaN becomes 0. */
function toInt(data: Float32Array, out: Int8Array | Int16Array | Uint16Array | Uint8Array, lo: number, hi: number): void {
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(data[i]);
    out[i] = v < lo ? lo : v > hi ? hi : v === v ? v : 0;
  }
}

/**
 * Stored values of `data` in `mode`, as a reader gets them back: integers rounded and clamped
 * (int8 −128..127, int16, uint16, 4-bit 0..15), float16 rounded to nearest even.
 * Also returns the half-precision bit patterns for mode 12.
 */
export function quantize(data: Float32Array, mode: MrcMode): { values: MrcRawArray; halfBits?: Uint16Array } {
  switch (mode) {
    case 2:
      return { values: data };
    case 0: {
      const out = new Int8Array(data.length);
      toInt(data, out, -128, 127);
      return { values: out };
    }
    case 1: {
      const out = new Int16Array(data.length);
      toInt(data, out, -32768, 32767);
      return { values: out };
    }
    case 6: {
      const out = new Uint16Array(data.length);
      toInt(data, out, 0, 65535);
      return { values: out };
    }
    case 101: {
      const out = new Uint8Array(data.length);
      toInt(data, out, 0, 15);
      return { values: out };
    }
    case 12: {
      const bits = new Uint16Array(data.length);
      for (let i = 0; i < data.length; i++) bits[i] = floatToHalfBits(data[i]);
      return { values: halfToFloat(bits), halfBits: bits };
    }
  }
}

/** Pack one nx×ny section of stored values into file bytes (mode 101: two pixels per byte, even x low nibble). */
export function sectionToBytes(q: { values: MrcRawArray; halfBits?: Uint16Array }, mode: MrcMode, nx: number, ny: number, littleEndian: boolean): Uint8Array {
  return sectionInto(q, mode, nx, ny, littleEndian, new Uint8Array(sectionBytes(mode, nx, ny)));
}

/** sectionToBytes into `out` (sectionBytes(mode, nx, ny) zeroed bytes, e.g. a slice of the whole file's buffer). */
export function sectionInto(q: { values: MrcRawArray; halfBits?: Uint16Array }, mode: MrcMode, nx: number, ny: number, littleEndian: boolean, out: Uint8Array): Uint8Array {
  if (mode === 101) {
    const rowBytes = Math.ceil(nx / 2);
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) out[y * rowBytes + (x >> 1)] |= (q.values[y * nx + x] & 0x0f) << ((x & 1) * 4);
    }
    return out;
  }
  // Write in host order through a typed view (a copy where `out` is not aligned for it), then swap words if the file's order differs.
  const src: ArrayLike<number> = mode === 12 ? (q.halfBits ?? new Uint16Array(0)) : q.values;
  const bytes = bytesPerValue(mode);
  const at = out.byteOffset % bytes === 0 ? out : new Uint8Array(out.length);
  const n = at.length / bytes;
  if (mode === 0) new Int8Array(at.buffer, at.byteOffset, n).set(src);
  else if (mode === 1) new Int16Array(at.buffer, at.byteOffset, n).set(src);
  else if (mode === 2) new Float32Array(at.buffer, at.byteOffset, n).set(src);
  else new Uint16Array(at.buffer, at.byteOffset, n).set(src);
  if (littleEndian !== HOST_LITTLE_ENDIAN) swapWords(at, bytes);
  if (at !== out) out.set(at);
  return out;
}
