// Corrected frame i of a FrameSet in any thread: gain, bad-pixel repair and padding, written into a caller's buffer.
import { InvalidInputError } from '../errors.js';
import { openMovie } from '../formats/movie.js';
import type { FrameSamples, MovieReader } from '../formats/movie.js';
import type { FrameSet, NibbleFrame } from './frameSet.js';

export interface FrameLoader {
  /** Frame i as stored: from the shared cache, else read from the movie file. */
  samples(i: number): Promise<FrameSamples | NibbleFrame>;
  /** Writes the corrected (gain, bad pixels), padded frame (paddedWidth × paddedHeight, row-major) of `samples` into `dst`. Synchronous, so it can fill an FFT buffer. */
  correct(samples: FrameSamples | NibbleFrame, dst: Float32Array): void;
  /** samples(i) then correct() into `dst`. */
  load(i: number, dst: Float32Array): Promise<void>;
  /** Closes the movie file if an uncached frame had to be read. */
  close(): Promise<void>;
}

/** Largest half-width searched for good neighbours of a bad pixel (as lib/gain replaceDefects). */
const MAX_RADIUS = 8;

export function createFrameLoader(set: FrameSet): FrameLoader {
  let reader: Promise<MovieReader> | undefined;
  const samples = async (i: number): Promise<FrameSamples | NibbleFrame> => {
    const hit = set.raw[i];
    if (hit) return hit;
    reader ??= openMovie(set.path, { eerGroup: set.eerGroup });
    const r = await reader;
    if (r.readSamples) return r.readSamples(i);
    const f = await r.readFrame(i);
    if (f.width !== set.width || f.height !== set.height) {
      throw new InvalidInputError(`movie "${set.path}" frame ${i}: expected ${set.width}×${set.height}, got ${f.width}×${f.height}`);
    }
    return f.data;
  };
  const correct = (s: FrameSamples | NibbleFrame, dst: Float32Array): void => {
    const { width: w, height: h, paddedWidth: pw, paddedHeight: ph, gain } = set;
    if (dst.length !== pw * ph) throw new Error(`frame buffer: expected ${pw}×${ph} floats, got ${dst.length}`);
    // A padded frame (K3: 4092 rows in 4096) is filled out with its content's mean; the sum is kept on the way
    // (unpacking, overflow counts, repairs) instead of a pass of its own over the frame.
    const padded = pw !== w || ph !== h;
    let total = 0;
    if ('nibbles' in s) {
      total = unpackNibbles(s.nibbles, w, h, pw, gain, dst, padded);
      if (s.over) {
        const { index, count } = s.over;
        for (let j = 0; j < index.length; j++) {
          const p = index[j];
          const y = (p / w) | 0;
          const at = y * pw + p - y * w;
          const before = dst[at];
          dst[at] = gain ? count[j] * gain[p] : count[j];
          total += dst[at] - before;
        }
      }
    } else {
      for (let y = 0; y < h; y++) {
        const o = y * pw;
        const r = y * w;
        if (gain) for (let x = 0; x < w; x++) dst[o + x] = s[r + x] * gain[r + x];
        else dst.set(s.subarray(r, r + w), o); // converts natively, several times faster than a JS loop
      }
      if (padded) total = contentSum(dst, w, h, pw);
    }
    if (set.bad.length > 0) total += repairBadPixels(dst, pw, set);
    if (padded) padWith(dst, w, h, pw, total / (w * h));
  };
  return {
    samples,
    correct,
    load: async (i, dst) => correct(await samples(i), dst),
    async close() {
      if (reader) await (await reader).close();
    },
  };
}

/**
 * Both pixels of every packed byte as two float32s, read as one float64 (none of them is a NaN pattern, so the
 * bits pass through unchanged): one load and one 8-byte store per byte (4096²: 33 → 20 ms a frame).
 */
const BYTE_PAIRS = ((): Float64Array => {
  const f = new Float32Array(512);
  for (let v = 0; v < 256; v++) {
    f[2 * v] = v & 15;
    f[2 * v + 1] = v >> 4;
  }
  return new Float64Array(f.buffer);
})();

/** lo + hi nibble of every byte: the counts a packed byte holds. */
const BYTE_SUMS = Uint8Array.from({ length: 256 }, (_, v) => (v & 15) + (v >> 4));

/** Unpacks 4-bit counts (NibbleFrame) into rows of stride `pw`, times the gain; with `wantSum`, returns the sum of what it wrote. */
function unpackNibbles(b: Uint8Array, w: number, h: number, pw: number, gain: Float32Array | null, dst: Float32Array, wantSum: boolean): number {
  // Even widths (every camera) start each row on a byte and an 8-byte boundary of dst.
  const pairs = w % 2 === 0 && pw % 2 === 0 && dst.byteOffset % 8 === 0 ? new Float64Array(dst.buffer, dst.byteOffset, dst.length >> 1) : null;
  let total = 0;
  for (let y = 0; y < h; y++) {
    const o = y * pw;
    const r = y * w;
    if (pairs && wantSum && !gain) {
      for (let k = r >> 1, d = o >> 1, e = (r + w) >> 1; k < e; k++, d++) {
        const v = b[k];
        pairs[d] = BYTE_PAIRS[v];
        total += BYTE_SUMS[v];
      }
    } else if (pairs) {
      for (let k = r >> 1, d = o >> 1, e = (r + w) >> 1; k < e; k++, d++) pairs[d] = BYTE_PAIRS[b[k]];
    } else {
      let x = 0;
      if ((r & 1) === 0) {
        // Row starts on a byte: two pixels per byte.
        for (let k = r >> 1; x + 1 < w; k++, x += 2) {
          const v = b[k];
          dst[o + x] = v & 15;
          dst[o + x + 1] = v >> 4;
        }
      }
      for (; x < w; x++) {
        const p = r + x;
        dst[o + x] = (b[p >> 1] >> ((p & 1) << 2)) & 15;
      }
      if (wantSum && !gain) for (x = 0; x < w; x++) total += dst[o + x];
    }
    if (gain) {
      for (let x = 0; x < w; x++) dst[o + x] *= gain[r + x];
      if (wantSum) for (let x = 0; x < w; x++) total += dst[o + x];
    }
  }
  return total;
}

/**
 * Each bad pixel takes the median of the good pixels in the smallest square of radius 1..8 that has any,
 * else the mean of all good pixels (lib/gain replaceDefects' rule, on a row stride of `stride`). Returns the change in the frame's sum.
 */
function repairBadPixels(d: Float32Array, stride: number, set: FrameSet): number {
  const { width: w, height: h, mask, bad } = set;
  let fallback: number | undefined;
  let change = 0;
  const vals: number[] = [];
  for (let b = 0; b < bad.length; b++) {
    const p = bad[b];
    const y = (p / w) | 0;
    const x = p - y * w;
    let value: number | undefined;
    for (let r = 1; r <= MAX_RADIUS && value === undefined; r++) {
      vals.length = 0;
      for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) if (!mask[yy * w + xx]) vals.push(d[yy * stride + xx]);
      }
      if (vals.length > 0) {
        vals.sort((a, c) => a - c);
        const m = vals.length >> 1;
        value = vals.length % 2 ? vals[m] : (vals[m - 1] + vals[m]) / 2;
      }
    }
    if (value === undefined) fallback ??= goodMean(d, stride, set);
    const before = d[y * stride + x];
    d[y * stride + x] = value ?? fallback ?? 0;
    change += d[y * stride + x] - before;
  }
  return change;
}

function goodMean(d: Float32Array, stride: number, set: FrameSet): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < set.height; y++) for (let x = 0; x < set.width; x++) if (!set.mask[y * set.width + x]) { sum += d[y * stride + x]; n++; }
  return n > 0 ? sum / n : 0;
}

/** Sum of the w×h content of rows of stride `pw`. */
function contentSum(d: Float32Array, w: number, h: number, pw: number): number {
  let sum = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) sum += d[y * pw + x];
  return sum;
}

/** Fills everything outside the w×h content with `mean`, the content's mean (lib/fft padImage's 'mean' fill). */
function padWith(d: Float32Array, w: number, h: number, pw: number, mean: number): void {
  for (let y = 0; y < h; y++) d.fill(mean, y * pw + w, (y + 1) * pw);
  d.fill(mean, h * pw);
}
