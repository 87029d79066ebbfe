// Decodes one raw EER frame straight onto a fraction image: no per-frame event arrays (a 4K Falcon 4i fraction
// is ~25-40 raw frames of ~10⁶ electrons each, and an exposure ~1,000 raw frames).
import { InvalidInputError } from '../../errors.js';
import type { Image2D } from '../../image.js';
import type { EerCodec } from './codec.js';
import { subPixelFlip } from './codec.js';
import { EerDecodeError } from './decode.js';

/**
 * Same result as renderEerEvents(decodeEerFrame(stream, …), image, …) — the run-length walk of decode.ts with
 * render.ts's sub-pixel placement — done in one pass. Returns the number of electrons added.
 */
export function accumulateEerFrame(stream: Uint8Array, pixels: number, codec: EerCodec, image: Image2D, width: number, upsampling: 1 | 2 | 4 = 1): number {
  const { rleBits, horzSubBits: h, vertSubBits: v, overflowHasSubBits } = codec;
  const shift = upsampling === 4 ? 2 : upsampling === 2 ? 1 : 0;
  if (shift > h || shift > v) throw new InvalidInputError(`EER upsampling ${upsampling} needs ${shift} sub-pixel bits per axis, the stream has ${h}×${v}`);
  if (image.width !== width << shift || image.data.length !== (pixels << shift) << shift) {
    throw new InvalidInputError(`EER accumulate: image ${image.width}×${image.height} is not the ${width}-wide frame × ${upsampling}`);
  }
  if (rleBits + h + v > 25) throw new InvalidInputError(`EER accumulate: ${rleBits}-bit runs with ${h}+${v} sub-pixel bits exceed the 25-bit read window`);
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
    if (shift === 0) {
      out[pix] += 1;
    } else {
      const sub = (word >>> rleBits) & subMask;
      const px = pix % width;
      const py = (pix - px) / width;
      const x = (px << shift) | (((sub & mx) ^ fx) >>> (h - shift));
      const y = (py << shift) | ((((sub >>> h) & my) ^ fy) >>> (v - shift));
      out[y * ow + x] += 1;
    }
    bit += subBits;
    count++;
    pix++;
    if (pix === pixels) break;
  }
  return count;
}
