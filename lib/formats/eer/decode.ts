// Decodes one EER frame's bit stream into electron events (pixel index + sub-pixel position).

import type { EerCodec } from './codec.js';
import { subPixelFlip } from './codec.js';

/** Electron events of one raw frame, in increasing pixel order. */
export interface EerEvents {
  /** Number of electrons. */
  count: number;
  /** Flat native pixel index `y * width + x` of each electron. */
  positions: Uint32Array;
  /** Sub-pixel column 0..2^horzSubBits-1 (0 = left edge of the pixel). */
  subX: Uint8Array;
  /** Sub-pixel row 0..2^vertSubBits-1 (0 = first row). */
  subY: Uint8Array;
}

/** Thrown for a stream that does not decode to exactly `pixels` pixels; the caller adds the file and frame. */
export class EerDecodeError extends Error {
  override name = 'EerDecodeError';
}

/** `n` (≤ 25) bits at bit offset `bit`, least-significant bit first; bytes past the end read as 0. */
function bitsAt(s: Uint8Array, bit: number, n: number): number {
  const b = bit >>> 3;
  const word = (s[b] ?? 0) | ((s[b + 1] ?? 0) << 8) | ((s[b + 2] ?? 0) << 16) | ((s[b + 3] ?? 0) << 24);
  return (word >>> (bit & 7)) & ((1 << n) - 1);
}

/**
 * Run-length decoding as RELION's EERRenderer::renderFrames: read a run `p`, advance by it; the frame ends
 * when exactly `pixels` pixels are covered; an all-ones run means "no electron"; otherwise read the
 * sub-pixel bits and place an electron at the current pixel, then step one pixel on.
 */
export function decodeEerFrame(stream: Uint8Array, pixels: number, codec: EerCodec): EerEvents {
  const { rleBits, horzSubBits: h, vertSubBits: v, overflowHasSubBits } = codec;
  const max = (1 << rleBits) - 1;
  const subBits = h + v;
  const fx = subPixelFlip(h);
  const fy = subPixelFlip(v);
  const totalBits = stream.length * 8;
  let cap = Math.max(16, Math.min(pixels, Math.ceil(totalBits / (rleBits + subBits)) + 1));
  let positions = new Uint32Array(cap);
  let subs = new Uint16Array(cap);
  let count = 0;
  let bit = 0;
  let pix = 0;
  for (;;) {
    if (bit + rleBits > totalBits) throw new EerDecodeError(`stream ends after ${pix} of ${pixels} pixels: truncated`);
    const p = bitsAt(stream, bit, rleBits);
    bit += rleBits;
    pix += p;
    if (pix === pixels) break;
    if (pix > pixels) throw new EerDecodeError(`run lengths overshoot the frame: ${pix} > ${pixels} pixels`);
    if (p === max) {
      if (overflowHasSubBits) bit += subBits;
      continue;
    }
    if (count === cap) {
      cap *= 2;
      const np = new Uint32Array(cap); np.set(positions); positions = np;
      const ns = new Uint16Array(cap); ns.set(subs); subs = ns;
    }
    positions[count] = pix;
    subs[count] = bitsAt(stream, bit, subBits);
    bit += subBits;
    count++;
    pix++;
    if (pix === pixels) break;
  }
  const subX = new Uint8Array(count);
  const subY = new Uint8Array(count);
  const mx = (1 << h) - 1;
  const my = (1 << v) - 1;
  for (let i = 0; i < count; i++) {
    subX[i] = (subs[i] & mx) ^ fx;
    subY[i] = ((subs[i] >>> h) & my) ^ fy;
  }
  return { count, positions: positions.subarray(0, count), subX, subY };
}
