// TIFF LZW decoder (TIFF 6.0 §13, libtiff's "new" MSB-first codes with early change), decoding into a caller's buffer.

const CLEAR = 256;
const EOI = 257;
const FIRST = 258;

/**
 * Every table entry is a string the decoder has already written: the previous code's output plus the next one's
 * first byte, which follow each other in `dst`. So an entry is kept as (offset, length) into `dst` and emitting it
 * is a copy from earlier output, with no prefix chains to walk. Shared across calls: decoding is synchronous.
 */
const entryAt = new Int32Array(4096);
const entryLength = new Int32Array(4096);

/** Thrown for a corrupt or unsupported stream; callers add the file, page and strip. */
export class LzwError extends Error {
  override name = 'LzwError';
}

/** True when `src` starts like a libtiff "new" LZW stream (a 9-bit Clear code, MSB first); old-style (LSB-first) streams start 0x00 0x01. */
export function isMsbLzw(src: Uint8Array): boolean {
  return src.length >= 2 && src[0] === 0x80;
}

/**
 * Decodes one LZW strip into `dst` from `at`, writing at most `length` bytes; returns how many it wrote (fewer
 * when the stream ends early: the caller decides whether that is an error). A strip may end without EOI.
 */
export function decodeLzw(src: Uint8Array, dst: Uint8Array, at = 0, length = dst.length - at): number {
  const end = at + length;
  let pos = at;
  let acc = 0;
  let bits = 0;
  let sp = 0;
  let width = 9;
  let mask = 511;
  let next = FIRST;
  let prevAt = -1; // where the previous code's string starts in dst, and its length (-1: after a Clear)
  let prevLength = 0;
  const n = src.length;
  while (pos < end) {
    if (bits < width) {
      if (sp >= n) break;
      acc = ((acc << 8) | src[sp++]) & 0xffffff;
      bits += 8;
      if (bits < width) {
        if (sp >= n) break;
        acc = ((acc << 8) | src[sp++]) & 0xffffff;
        bits += 8;
      }
    }
    bits -= width;
    const code = (acc >>> bits) & mask;
    const start = pos;
    let len: number;
    // Table entries first: they are most codes of a compressible strip.
    if (code > EOI && code < next) {
      len = Math.min(entryLength[code], end - pos);
      let from = entryAt[code];
      const stop = pos + len;
      if (len > 24) {
        dst.copyWithin(pos, from, from + len);
        pos = stop;
      } else {
        while (pos < stop) dst[pos++] = dst[from++]; // most strings are short: a call costs more
      }
    } else if (code < CLEAR) {
      dst[pos++] = code;
      len = 1;
    } else if (code === CLEAR) {
      width = 9;
      mask = 511;
      next = FIRST;
      prevAt = -1;
      continue;
    } else if (code === EOI) {
      break;
    } else if (code === next && prevAt >= 0) {
      // The code being defined right now (KwKwK): the previous string and its own first byte.
      len = Math.min(prevLength + 1, end - pos);
      for (let k = 0; k < len; k++) dst[pos + k] = dst[prevAt + k];
      pos += len;
    } else {
      throw new LzwError(`code ${code} at byte ${sp} is not in the table (next free code ${next})`);
    }
    if (prevAt >= 0 && next < 4096) {
      entryAt[next] = prevAt;
      entryLength[next] = prevLength + 1;
      next++;
      // Early change: libtiff's decoder widens when the next free code reaches 511, 1023 and 2047.
      if (next >= mask && width < 12) {
        width++;
        mask = (1 << width) - 1;
      }
    }
    prevAt = start;
    prevLength = len;
  }
  return pos - at;
}
