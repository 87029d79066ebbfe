// EER bit-stream layouts for TIFF compression 65000 / 65001 / 65002 (RELION renderEER.cpp, TFS EerReaderLib).

import { Compression, Tag } from '../tiff/tags.js';
import { tagNumber } from '../tiff/ifd.js';
import type { Ifd } from '../tiff/ifd.js';

/**
 * One code = `rleBits` of run length (count of empty pixels skipped) followed, unless the run is the
 * all-ones overflow value, by `horzSubBits` then `vertSubBits` of sub-pixel position; LSB-first bit order.
 */
export interface EerCodec {
  compression: number;
  rleBits: number;
  horzSubBits: number;
  vertSubBits: number;
  /**
   * Whether an overflow code still carries (unused) sub-pixel bits. RELION reads 65000 as fixed 12-bit
   * codes (3 bytes = 2 codes) and 65001 without them; EerReaderLib never wastes them ("false for old
   * prototype EER files"). We follow RELION: true for 65000 only.
   */
  overflowHasSubBits: boolean;
}

/** The codec of an EER page: 65000 = 8-bit RLE + 2×2 sub-pixel bits, 65001 = 7 + 2×2, 65002 = from tags 65007-65009. */
export function eerCodecOf(ifd: Ifd): EerCodec | null {
  const compression = tagNumber(ifd, Tag.Compression);
  if (compression === Compression.EerV0) return { compression, rleBits: 8, horzSubBits: 2, vertSubBits: 2, overflowHasSubBits: true };
  if (compression === Compression.EerV1) return { compression, rleBits: 7, horzSubBits: 2, vertSubBits: 2, overflowHasSubBits: false };
  if (compression === Compression.EerV2) {
    return {
      compression,
      rleBits: tagNumber(ifd, Tag.EerRleBits, 7) ?? 7,
      horzSubBits: tagNumber(ifd, Tag.EerHorzSubBits, 2) ?? 2,
      vertSubBits: tagNumber(ifd, Tag.EerVertSubBits, 2) ?? 2,
      overflowHasSubBits: false,
    };
  }
  return null;
}

/** The codec for a compression code when writing (65002 written as 7 + 2×2 bits unless given). */
export function eerCodecFor(compression: 65000 | 65001 | 65002, bits?: { rleBits: number; horzSubBits: number; vertSubBits: number }): EerCodec {
  if (compression === 65000) return { compression, rleBits: 8, horzSubBits: 2, vertSubBits: 2, overflowHasSubBits: true };
  if (compression === 65001) return { compression, rleBits: 7, horzSubBits: 2, vertSubBits: 2, overflowHasSubBits: false };
  return { compression, rleBits: 7, horzSubBits: 2, vertSubBits: 2, ...bits, overflowHasSubBits: false };
}

/**
 * Sub-pixel fields are stored as signed offsets: for 2 bits the stored patterns 10,11,00,01 mean
 * positions 0,1,2,3 (RELION comment citing TFS), i.e. position = stored XOR 2 — generally XOR the top bit.
 */
export function subPixelFlip(bits: number): number {
  return bits > 0 ? 1 << (bits - 1) : 0;
}
