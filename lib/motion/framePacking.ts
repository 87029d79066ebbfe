// How frames are kept compact and exact on shared memory: counts in 4 bits (plus an overflow list), 8 or 16 bits, else float.
import type { FrameSamples } from '../formats/movie.js';

/**
 * Whole counts packed two per byte (pixel p in byte p >> 1, low nibble first). Counting detectors at
 * ~1 e⁻/pixel/frame rarely exceed 15, so this halves the cache of 8-bit movies (4096²×40: 671 → 336 MB).
 * The few pixels that do (hot pixels, cosmic rays: a real camera has them in every frame) hold 15 in
 * their nibble and their exact count in `over`.
 */
export interface NibbleFrame {
  nibbles: Uint8Array;
  over?: NibbleOverflow;
}

/** Pixels of a NibbleFrame whose count is over 15: ascending indices and their exact counts. */
export interface NibbleOverflow {
  index: Int32Array;
  count: Uint16Array;
}

/** A frame stored as compactly as it is exact: whole counts in 4, 8 or 16 bits, else float. */
export type RawFrame = NibbleFrame | Uint8Array | Uint16Array | Float32Array;

export function shared<T extends RawFrame | Int32Array | Uint8Array>(Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));
}

/** The largest value of `s` when every value is a whole non-negative count, else −1. */
function countRange(s: FrameSamples): number {
  let max = 0;
  if (s instanceof Uint8Array || s instanceof Uint16Array) {
    for (let i = 0; i < s.length; i++) if (s[i] > max) max = s[i];
    return max;
  }
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    if (v < 0 || v !== Math.floor(v)) return -1;
    if (v > max) max = v;
  }
  return max;
}

/**
 * The overflow list of counts over 15 in `s`, with those pixels' bytes of `nibbles` re-packed with 15 in
 * their place; null when more than 1/32 of the pixels are over 15 (one byte per pixel is then as small).
 * `nibbles` must already hold every other pixel packed. `pairs` (even pixel indices) narrows the search
 * to the byte pairs that hold the bright pixels, when the caller has found them.
 */
export function packOverflow(s: FrameSamples, nibbles: Uint8Array, pairs?: Int32Array): NibbleOverflow | null {
  const n = s.length;
  const limit = n >> 5;
  const bright: number[] = [];
  if (pairs) {
    for (const p of pairs) {
      if (s[p] > 15) bright.push(p);
      if (p + 1 < n && s[p + 1] > 15) bright.push(p + 1);
    }
  } else {
    for (let p = 0; p < n && bright.length <= limit; p++) if (s[p] > 15) bright.push(p);
  }
  if (bright.length > limit) return null;
  const index = shared(Int32Array, bright.length);
  const count = shared(Uint16Array, bright.length);
  for (let j = 0; j < bright.length; j++) {
    const p = bright[j];
    index[j] = p;
    count[j] = s[p];
    const k = p >> 1;
    const hi = 2 * k + 1 < n ? Math.min(s[2 * k + 1], 15) : 0;
    nibbles[k] = Math.min(s[2 * k], 15) | (hi << 4);
  }
  return { index, count };
}

/** Packs every pixel of `s` (whole counts) two per byte; counts over 15 leave garbage for packOverflow to fix. */
export function packPairs(s: FrameSamples, nibbles: Uint8Array): void {
  const even = s.length & ~1;
  for (let p = 0; p < even; p += 2) nibbles[p >> 1] = s[p] | (s[p + 1] << 4);
  if (even < s.length) nibbles[even >> 1] = s[even];
}

/** An exact compact shared copy of `s`: 4 bits (plus an overflow list), 8 or 16 bits when every value is a whole count that fits. */
export function compactShared(s: FrameSamples): RawFrame {
  const max = countRange(s);
  if (max >= 0 && max <= 65535) {
    const nibbles = shared(Uint8Array, (s.length + 1) >> 1);
    packPairs(s, nibbles);
    if (max <= 15) return { nibbles };
    const over = packOverflow(s, nibbles);
    if (over) return { nibbles, over };
  }
  if (max >= 0 && max <= 255 && s instanceof Uint8Array && s.buffer instanceof SharedArrayBuffer) return s;
  const out = max >= 0 && max <= 255 ? shared(Uint8Array, s.length) : max >= 0 && max <= 65535 ? shared(Uint16Array, s.length) : shared(Float32Array, s.length);
  out.set(s);
  return out;
}

/** `s` itself when it is on shared memory, else a shared copy. */
export function sharedCopy(s: Uint8Array): Uint8Array {
  if (s.buffer instanceof SharedArrayBuffer) return s;
  const out = shared(Uint8Array, s.length);
  out.set(s);
  return out;
}

/** Bytes a compact frame holds. */
export function rawFrameBytes(f: RawFrame): number {
  if (!('nibbles' in f)) return f.byteLength;
  return f.nibbles.byteLength + (f.over ? f.over.index.byteLength + f.over.count.byteLength : 0);
}
