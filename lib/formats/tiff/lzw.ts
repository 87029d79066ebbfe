// TIFF LZW encoder (TIFF 6.0 §13): MSB-first variable-width codes, code widths as libtiff's encoder.

const CLEAR = 256;
const EOI = 257;
const FIRST = 258;
/** libtiff emits Clear when the next free code would be 4094 (CODE_MAX - 1), keeping codes ≤ 12 bits. */
const TABLE_FULL = 4094;

/** Writes codes most-significant bit first, as TIFF LZW requires. */
class BitWriter {
  private out: Uint8Array;
  private pos = 0;
  private acc = 0;
  private nacc = 0;
  constructor(capacity: number) {
    this.out = new Uint8Array(Math.max(16, capacity));
  }
  put(code: number, width: number): void {
    this.acc = (this.acc << width) | code;
    this.nacc += width;
    while (this.nacc >= 8) {
      this.nacc -= 8;
      this.byte((this.acc >>> this.nacc) & 0xff);
    }
    this.acc &= (1 << this.nacc) - 1;
  }
  finish(): Uint8Array {
    if (this.nacc > 0) this.byte((this.acc << (8 - this.nacc)) & 0xff);
    return this.out.subarray(0, this.pos);
  }
  private byte(b: number): void {
    if (this.pos === this.out.length) {
      const bigger = new Uint8Array(this.out.length * 2);
      bigger.set(this.out);
      this.out = bigger;
    }
    this.out[this.pos++] = b;
  }
}

/**
 * LZW-compress one strip. The dictionary is a direct table indexed by `prefixCode * 256 + byte`
 * (1 Mi entries, reused between calls); only the slots filled since the last Clear are reset.
 * Widths follow libtiff's LZWEncode: the encoder is one table entry ahead of the decoder, so it widens
 * when its next free code reaches 512/1024/2048 (the decoder's "early change" at 511/1023/2047).
 */
export function encodeLzw(input: Uint8Array): Uint8Array {
  table ??= new Int32Array(4096 * 256).fill(-1);
  try {
    return encodeWith(input, table);
  } finally {
    for (let j = 0; j < nUsed; j++) table[used[j]] = -1;
    nUsed = 0;
  }
}

/** Shared across calls (4 MiB, allocated once); every call leaves it all -1 again. */
let table: Int32Array | undefined;
const used = new Int32Array(TABLE_FULL);
let nUsed = 0;

function encodeWith(input: Uint8Array, table: Int32Array): Uint8Array {
  const bits = new BitWriter(input.length + (input.length >> 2) + 16);
  let width = 9;
  let next = FIRST;
  bits.put(CLEAR, width);
  if (input.length === 0) {
    bits.put(EOI, width);
    return bits.finish();
  }
  let w = input[0];
  for (let i = 1; i < input.length; i++) {
    const k = input[i];
    const slot = w * 256 + k;
    const hit = table[slot];
    if (hit >= 0) {
      w = hit;
      continue;
    }
    bits.put(w, width);
    table[slot] = next++;
    used[nUsed++] = slot;
    if (next === TABLE_FULL) {
      bits.put(CLEAR, width);
      for (let j = 0; j < nUsed; j++) table[used[j]] = -1;
      nUsed = 0;
      next = FIRST;
      width = 9;
    } else if (next === 1 << width) {
      width++;
    }
    w = k;
  }
  bits.put(w, width);
  // The decoder adds one more entry after the last code; mirror its width change (libtiff LZWPostEncode).
  next++;
  if (next === TABLE_FULL) {
    bits.put(CLEAR, width);
    width = 9;
  } else if (next === 1 << width) {
    width++;
  }
  bits.put(EOI, width);
  return bits.finish();
}
