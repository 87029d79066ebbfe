// Encodes electron events as EER frames and whole EER files (TIFF container): the inverse of decode.ts.

import { InvalidInputError } from '../../errors.js';
import { encodeTiff } from '../tiff/container.js';
import type { TiffTag } from '../tiff/container.js';
import { FieldType, Tag } from '../tiff/tags.js';
import { eerCodecFor, subPixelFlip } from './codec.js';
import type { EerCodec } from './codec.js';

/** One raw (hardware) frame: electrons at native pixels, at most one per pixel, optional sub-pixel positions. */
export interface EerFrameInput {
  /** Flat native pixel index `y * width + x` of each electron (any order; duplicates are rejected). */
  events: Uint32Array;
  /** Sub-pixel column per electron, 0..2^horzSubBits-1. @default 2^(horzSubBits-1) (pixel centre) */
  subX?: Uint8Array;
  /** Sub-pixel row per electron, 0..2^vertSubBits-1. @default 2^(vertSubBits-1) */
  subY?: Uint8Array;
}

/** LSB-first bit writer (the EER bit order). */
class LsbBitWriter {
  private out: Uint8Array;
  private bit = 0;
  constructor(bytes: number) {
    this.out = new Uint8Array(Math.max(16, bytes));
  }
  /** Writes the low `n` bits of `value` (n ≤ 24), a byte at a time (a 4K EER file is ~10⁹ codes). */
  put(value: number, n: number): void {
    let v = value;
    let left = n;
    while (left > 0) {
      const b = this.bit >>> 3;
      if (b >= this.out.length) {
        const bigger = new Uint8Array(this.out.length * 2);
        bigger.set(this.out);
        this.out = bigger;
      }
      const at = this.bit & 7;
      const k = Math.min(left, 8 - at);
      this.out[b] |= (v & ((1 << k) - 1)) << at;
      v >>>= k;
      this.bit += k;
      left -= k;
    }
  }
  /** Bytes written, padded to `multiple` bytes (zero bits decode as harmless empty runs after the end). */
  finish(multiple: number): Uint8Array {
    const bytes = Math.ceil(Math.ceil(this.bit / 8) / multiple) * multiple;
    const out = new Uint8Array(bytes);
    out.set(this.out.subarray(0, Math.min(bytes, this.out.length)));
    return out;
  }
}

function sortedEvents(frame: EerFrameInput, pixels: number, codec: EerCodec): { pos: Uint32Array; sub: Uint16Array } {
  const n = frame.events.length;
  const h = codec.horzSubBits;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = frame.events[i] > frame.events[i - 1];
  // Simulated raw frames come in pixel order: skip the comparator sort (≈10⁶ events per 4K raw frame).
  const order = sorted ? Uint32Array.from({ length: n }, (_, i) => i) : Array.from({ length: n }, (_, i) => i).sort((a, b) => frame.events[a] - frame.events[b]);
  const pos = new Uint32Array(n);
  const sub = new Uint16Array(n);
  const fx = subPixelFlip(h);
  const fy = subPixelFlip(codec.vertSubBits);
  order.forEach((src, i) => {
    pos[i] = frame.events[src];
    if (pos[i] >= pixels) throw new InvalidInputError(`EER encode: electron at pixel ${pos[i]} is outside the ${pixels}-pixel frame`);
    if (i > 0 && pos[i] === pos[i - 1]) throw new InvalidInputError(`EER encode: two electrons in pixel ${pos[i]} of one raw frame (EER holds at most one)`);
    const x = frame.subX?.[src] ?? fx;
    const y = frame.subY?.[src] ?? fy;
    sub[i] = (x ^ fx) | ((y ^ fy) << h);
  });
  return { pos, sub };
}

/** One frame's bit stream; decodeEerFrame(encodeEerFrame(f)) gives back f's events and sub-pixel positions. */
export function encodeEerFrame(frame: EerFrameInput, pixels: number, codec: EerCodec): Uint8Array {
  const { rleBits, horzSubBits, vertSubBits, overflowHasSubBits } = codec;
  const subBits = horzSubBits + vertSubBits;
  const max = (1 << rleBits) - 1;
  const { pos, sub } = sortedEvents(frame, pixels, codec);
  const w = new LsbBitWriter(pos.length * 2 + 64);
  const overflow = (): void => w.put(max, rleBits + (overflowHasSubBits ? subBits : 0));
  let cur = 0;
  for (let i = 0; i < pos.length; i++) {
    let gap = pos[i] - cur;
    for (; gap >= max; gap -= max) overflow();
    w.put(gap, rleBits);
    w.put(sub[i], subBits);
    cur = pos[i] + 1;
  }
  // Close the frame with runs that land exactly on the last pixel (a final 0 run when already there).
  let rest = pixels - cur;
  for (; rest > max; rest -= max) overflow();
  w.put(rest, rleBits + (overflowHasSubBits ? subBits : 0));
  // 65000 is read 3 bytes (two codes) at a time by RELION; EerReaderLib reads 64-bit words.
  return w.finish(codec.overflowHasSubBits ? 24 : 8);
}

export interface EncodeEerOptions {
  /** Native frame size. @default 4096 */
  width?: number;
  /** @default 4096 */
  height?: number;
  /** TIFF compression code selecting the bit layout. @default 65001 */
  compression?: 65000 | 65001 | 65002;
  /** Bit widths written for 65002 (tags 65007-65009). @default { rleBits: 7, horzSubBits: 2, vertSubBits: 2 } */
  bits?: { rleBits: number; horzSubBits: number; vertSubBits: number };
  /** Acquisition metadata items for TIFF tag 65001, e.g. { exposureTime: [2.5, 's'] }. @default {} */
  metadata?: Record<string, string | number | [string | number, string]>;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<metadata><item name=".." unit="..">value</item>…</metadata>`, the layout TFS writes (tifffile, eerfile). */
export function eerMetadataXml(items: NonNullable<EncodeEerOptions['metadata']>): string {
  const body = Object.entries(items).map(([name, v]) => {
    const [value, unit] = Array.isArray(v) ? v : [v, undefined];
    const u = unit === undefined ? '' : ` unit="${escapeXml(unit)}"`;
    return `<item name="${escapeXml(name)}"${u}>${escapeXml(String(value))}</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<metadata>${body.join('')}</metadata>`;
}

/** A whole EER file in memory: one TIFF page per raw frame, the metadata XML in the first page. */
/** The TIFF tags of every EER page, and the first page's metadata XML tag (numberOfFrames = `count`). */
export function eerPageTags(count: number, options: EncodeEerOptions = {}): { base: TiffTag[]; first: TiffTag[]; codec: EerCodec; pixels: number } {
  const { width = 4096, height = 4096, compression = 65001, bits, metadata = {} } = options;
  const codec = eerCodecFor(compression, bits);
  const base: TiffTag[] = [
    { tag: Tag.ImageWidth, type: FieldType.LONG, values: [width] },
    { tag: Tag.ImageLength, type: FieldType.LONG, values: [height] },
    { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: [1] },
    { tag: Tag.Compression, type: FieldType.SHORT, values: [compression] },
    { tag: Tag.Photometric, type: FieldType.SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [1] },
    { tag: Tag.RowsPerStrip, type: FieldType.LONG, values: [height] },
  ];
  if (compression === 65002) {
    base.push(
      { tag: Tag.EerRleBits, type: FieldType.SHORT, values: [codec.rleBits] },
      { tag: Tag.EerHorzSubBits, type: FieldType.SHORT, values: [codec.horzSubBits] },
      { tag: Tag.EerVertSubBits, type: FieldType.SHORT, values: [codec.vertSubBits] },
    );
  }
  const xml: TiffTag = { tag: Tag.EerAcquisitionMetadata, type: FieldType.UNDEFINED, values: new TextEncoder().encode(eerMetadataXml({ numberOfFrames: count, sensorImageWidth: width, sensorImageHeight: height, ...metadata })) };
  return { base, first: [...base, xml], codec, pixels: width * height };
}

/** A whole EER file in memory: one TIFF page per raw frame, the metadata XML in the first page. */
export async function encodeEer(frames: EerFrameInput[], options: EncodeEerOptions = {}): Promise<Uint8Array> {
  const { base, first, codec, pixels } = eerPageTags(frames.length, options);
  return encodeTiff(frames.map((f, i) => ({ tags: i === 0 ? first : base, strips: [encodeEerFrame(f, pixels, codec)] })));
}
