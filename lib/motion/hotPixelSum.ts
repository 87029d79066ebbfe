// The first pass's running sum for hot-pixel detection, and its one-pass ingest of 8-bit counts (sum, range, packing).
import { endianness } from 'node:os';
import type { FrameSamples } from '../formats/movie.js';
import { detectHotPixels, hotPixelThreshold } from '../gain/index.js';
import { packPairs } from './framePacking.js';

/** Frames of 8-bit counts whose sum fits a 16-bit lane: 257 × 255 ≤ 65535. */
const MAX_LANE_FRAMES = 257;
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Σ of a movie's frames, gain applied: 8-bit counts go into two 16-bit lanes per 32-bit word (one add per pixel
 * pair, half the memory traffic of a float sum; the gain multiplies the exact integer sum once at the end, as
 * Σ(c·g) = g·Σc), anything else into floats times the gain. A movie of more frames than a lane holds sums in floats.
 */
export class HotPixelSum {
  private readonly lanes: Uint32Array | null;
  private floats: Float32Array | null = null;
  /** More lanes on shared memory, one per worker thread adding counts at once (laneSlots); added into `lanes` when read. */
  private extra: Uint32Array[] = [];

  constructor(readonly pixels: number, frames: number, private readonly gain: Float32Array | null) {
    this.lanes = frames <= MAX_LANE_FRAMES ? new Uint32Array(new SharedArrayBuffer(4 * ((pixels + 1) >> 1))) : null;
  }

  /**
   * `count` sets of lanes on shared memory, for threads that add 8-bit counts themselves (pixel pair k in lane word
   * k, first pixel in the low half), each set used by one thread at a time; null when the sum is not in lanes (over
   * 257 frames). Their sum is this sum: each lane's total still fits 16 bits, so the words add without carries.
   */
  laneSlots(count: number): Uint32Array[] | null {
    const { lanes } = this;
    if (!lanes) return null;
    while (this.extra.length < count - 1) this.extra.push(new Uint32Array(new SharedArrayBuffer(lanes.byteLength)));
    return [lanes, ...this.extra.slice(0, count - 1)];
  }

  private mergeSlots(): void {
    const { lanes } = this;
    if (!lanes) return;
    for (const e of this.extra) for (let k = 0; k < lanes.length; k++) lanes[k] += e[k];
    this.extra = [];
  }

  /**
   * One pass over 8-bit counts: adds them to the sum, packs them two per byte into `nibbles` (when given), and
   * notes where counts over 15 are (for packOverflow), up to 1/32 of the pixels.
   */
  addCounts(s: Uint8Array, nibbles: Uint8Array | null): IngestedCounts {
    if (!this.lanes) {
      this.add(s);
      return scanCounts(s, null, nibbles);
    }
    return scanCounts(s, this.lanes, nibbles);
  }

  /** Adds a frame of any type (× gain). */
  add(s: FrameSamples): void {
    const sum = (this.floats ??= new Float32Array(this.pixels));
    addFrame(sum, s, this.gain);
  }

  /**
   * detectHotPixels of the gain-corrected sum (ascending flat indices). Integer lane sums without a gain are judged from
   * a histogram of their values: the same threshold, without a float copy of the sum (4096²: 0.5 → 0.05 s).
   */
  hotPixels(width: number, height: number, sigmas: number): Uint32Array {
    this.mergeSlots();
    const { lanes, pixels: n } = this;
    if (!lanes || this.gain || this.floats) return detectHotPixels({ width, height, data: this.total() }, { sigmas });
    const hist = new Float64Array(65536);
    const pairs = n >> 1;
    for (let k = 0; k < pairs; k++) {
      const v = lanes[k];
      hist[v & 0xffff]++;
      hist[v >>> 16]++;
    }
    if (n & 1) hist[lanes[pairs] & 0xffff]++;
    const threshold = hotPixelThreshold((t) => {
      let c = 0;
      let s = 0;
      let s2 = 0;
      for (let v = 0; v < 65536 && v <= t; v++) {
        const m = hist[v];
        c += m;
        s += m * v;
        s2 += m * v * v;
      }
      return [c, s, s2];
    }, { sigmas });
    if (!(threshold < 65535)) return new Uint32Array(0);
    const hot: number[] = [];
    for (let k = 0, p = 0; p < n; k++, p += 2) {
      const v = lanes[k];
      if ((v & 0xffff) > threshold) hot.push(p);
      if (p + 1 < n && v >>> 16 > threshold) hot.push(p + 1);
    }
    return Uint32Array.from(hot);
  }

  /** The gain-corrected sum. */
  total(): Float32Array {
    this.mergeSlots();
    const out = this.floats ?? new Float32Array(this.pixels);
    const { lanes, gain } = this;
    if (lanes) {
      const n = this.pixels;
      for (let k = 0, p = 0; p < n; k++, p += 2) {
        const v = lanes[k];
        out[p] += gain ? (v & 0xffff) * gain[p] : v & 0xffff;
        if (p + 1 < n) out[p + 1] += gain ? (v >>> 16) * gain[p + 1] : v >>> 16;
      }
    }
    return out;
  }
}

/** What addCounts saw: the OR of all counts, and where the counts over 15 are. */
export interface IngestedCounts {
  /** Bitwise OR of every count: under 16 when the packing is exact as it stands. */
  or: number;
  /** Even pixel indices of the byte pairs holding a count over 15; undefined when there were too many to list. */
  pairs?: Int32Array;
}

/** addCounts' pass, adding into `lanes` (pixel pairs' 16-bit lanes) when given: with none, only the range and packing (no hot-pixel sum). */
export function scanCounts(s: Uint8Array, lanes: Uint32Array | null, nibbles: Uint8Array | null): IngestedCounts {
  const n = s.length;
  const half = n >> 1;
  const cap = n >> 5;
  let pairs: Int32Array | undefined; // made on the first bright pixel: most frames of a counting camera have a few
  let found = 0;
  let or = 0;
  if (lanes && nibbles && LITTLE_ENDIAN && s.byteOffset % 2 === 0) {
    // The common case: a pixel pair is one 16-bit load (first pixel in the low byte), one lane add, one nibble store.
    const s16 = new Uint16Array(s.buffer, s.byteOffset, half);
    for (let k = 0; k < half; k++) {
      const v = s16[k];
      const a = v & 255;
      const b = v >>> 8;
      const ab = a | b;
      or |= ab;
      lanes[k] += a | (b << 16);
      nibbles[k] = a | (b << 4);
      if (ab > 15 && found <= cap) (pairs ??= new Int32Array(cap + 1))[found++] = 2 * k;
    }
  } else {
    for (let k = 0; k < half; k++) {
      const a = s[2 * k];
      const b = s[2 * k + 1];
      const ab = a | b;
      or |= ab;
      if (lanes) lanes[k] += a | (b << 16);
      if (ab > 15 && found <= cap) (pairs ??= new Int32Array(cap + 1))[found++] = 2 * k;
    }
    if (nibbles) packPairs(s, nibbles);
  }
  if (n & 1) {
    const last = s[n - 1];
    or |= last;
    if (lanes) lanes[half] += last;
    if (last > 15 && found <= cap) (pairs ??= new Int32Array(cap + 1))[found++] = n - 1;
    if (nibbles) nibbles[half] = last; // the last pixel of an odd-sized frame: alone in the low nibble
  }
  return { or, pairs: found <= cap ? (pairs ?? new Int32Array(0)).subarray(0, found) : undefined };
}

/** sum += frame (× gain). Its own small function so the hot loop is optimised on its own. */
function addFrame(sum: Float32Array, s: FrameSamples, gain: Float32Array | null): void {
  if (gain) for (let p = 0; p < sum.length; p++) sum[p] += s[p] * gain[p];
  else for (let p = 0; p < sum.length; p++) sum[p] += s[p];
}
