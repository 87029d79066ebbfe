// Decodes one raw EER frame straight onto a fraction image: no per-frame event arrays (a 4K Falcon 4i fraction
// is ~25-40 raw frames of ~10⁶ electrons each, and an exposure ~1,000 raw frames).
import { InvalidInputError } from '../../errors.js';
import type { EerCodec } from './codec.js';
import { subPixelFlip } from './codec.js';
import { EerDecodeError } from './decode.js';

/** A count image to add electrons to: floats, or bytes where no pixel can pass 255 (a fraction of at most 255 raw frames: a pixel holds at most one electron per raw frame). */
export interface EerCountImage {
  width: number;
  height: number;
  data: Float32Array | Uint8Array;
}

/**
 * Same result as renderEerEvents(decodeEerFrame(stream, …), image, …) — the run-length walk of decode.ts with
 * render.ts's sub-pixel placement — done in one pass. Returns the number of electrons added.
 */
export function accumulateEerFrame(stream: Uint8Array, pixels: number, codec: EerCodec, image: EerCountImage, width: number, upsampling: 1 | 2 | 4 = 1): number {
  const { rleBits, horzSubBits: h, vertSubBits: v, overflowHasSubBits } = codec;
  const shift = upsampling === 4 ? 2 : upsampling === 2 ? 1 : 0;
  if (shift > h || shift > v) throw new InvalidInputError(`EER upsampling ${upsampling} needs ${shift} sub-pixel bits per axis, the stream has ${h}×${v}`);
  if (image.width !== width << shift || image.data.length !== (pixels << shift) << shift) {
    throw new InvalidInputError(`EER accumulate: image ${image.width}×${image.height} is not the ${width}-wide frame × ${upsampling}`);
  }
  if (rleBits + h + v > 25) throw new InvalidInputError(`EER accumulate: ${rleBits}-bit runs with ${h}+${v} sub-pixel bits exceed the 25-bit read window`);
  if (shift === 0) return accumulateNative(stream, pixels, codec, image.data);
  const max = (1 << rleBits) - 1;
  const subBits = h + v;
  const subMask = (1 << subBits) - 1;
  const fx = subPixelFlip(h);
  const fy = subPixelFlip(v);
  const mx = (1 << h) - 1;
  const my = (1 << v) - 1;
  const total = stream.length * 8;
  const out = image.data;
  const ow = image.width;
  let bit = 0;
  let pix = 0;
  let count = 0;
  for (;;) {
    if (bit + rleBits > total) throw new EerDecodeError(`stream ends after ${pix} of ${pixels} pixels: truncated`);
    const b = bit >>> 3;
    // Bytes past the end read as undefined, which bitwise operators take as 0 (as decode.ts's bitsAt).
    const word = (stream[b] | (stream[b + 1] << 8) | (stream[b + 2] << 16) | (stream[b + 3] << 24)) >>> (bit & 7);
    const p = word & max;
    bit += rleBits;
    pix += p;
    if (pix === pixels) break;
    if (pix > pixels) throw new EerDecodeError(`run lengths overshoot the frame: ${pix} > ${pixels} pixels`);
    if (p === max) {
      if (overflowHasSubBits) bit += subBits;
      continue;
    }
    const sub = (word >>> rleBits) & subMask;
    const px = pix % width;
    const py = (pix - px) / width;
    const x = (px << shift) | (((sub & mx) ^ fx) >>> (h - shift));
    const y = (py << shift) | ((((sub >>> h) & my) ^ fy) >>> (v - shift));
    out[y * ow + x] += 1;
    bit += subBits;
    count++;
    pix++;
    if (pix === pixels) break;
  }
  return count;
}

/**
 * accumulateEerFrame at the native sampling, where the sub-pixel bits are skipped: a running bit buffer refilled a
 * byte at a time instead of four byte loads per code (4096² Falcon 4i raw frames: 11.6 → 8.4 ms each). Only in the
 * last bytes is the read position checked against the stream's end (bytes past it read as zeros, as accumulateEerFrame).
 */
function accumulateNative(stream: Uint8Array, pixels: number, codec: EerCodec, out: Float32Array | Uint8Array): number {
  const { rleBits, horzSubBits, vertSubBits, overflowHasSubBits } = codec;
  const max = (1 << rleBits) - 1;
  const subBits = horzSubBits + vertSubBits;
  const total = stream.length * 8;
  const tail = stream.length - 8;
  let acc = 0;
  let held = 0;
  let next = 0;
  let pix = 0;
  let count = 0;
  for (;;) {
    if (next > tail && next * 8 - held + rleBits > total) throw new EerDecodeError(`stream ends after ${pix} of ${pixels} pixels: truncated`);
    while (held <= 24) {
      acc |= (stream[next++] | 0) << held;
      held += 8;
    }
    const p = acc & max;
    acc >>>= rleBits;
    held -= rleBits;
    pix += p;
    if (pix === pixels) break;
    if (pix > pixels) throw new EerDecodeError(`run lengths overshoot the frame: ${pix} > ${pixels} pixels`);
    if (p === max) {
      if (overflowHasSubBits) {
        acc >>>= subBits;
        held -= subBits;
      }
      continue;
    }
    out[pix] += 1;
    acc >>>= subBits;
    held -= subBits;
    count++;
    pix++;
    if (pix === pixels) break;
  }
  return count;
}
