// Writes classic little-endian TIFF files page by page: strips first, then the page's IFD.

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { FIELD_TYPE_SIZE, FieldType, Tag } from './tags.js';
import type { FieldTypeCode } from './tags.js';

/** One tag of a page; numbers for SHORT/LONG/RATIONAL (as [num, den] pairs flattened), bytes for UNDEFINED/ASCII. */
export interface TiffTag {
  tag: number;
  type: FieldTypeCode;
  values: number[] | Uint8Array;
}

/** A page to write: its tags (without StripOffsets/StripByteCounts, which the writer adds) and its encoded strips. */
export interface TiffPage {
  tags: TiffTag[];
  strips: Uint8Array[];
}

/** Where bytes go: an in-memory buffer or a file. */
interface Sink {
  append(bytes: Uint8Array): Promise<number>;
  patchUint32(offset: number, value: number): Promise<void>;
}

const MAX_CLASSIC_TIFF = 2 ** 32 - 1;

function tagBytes(t: TiffTag): Uint8Array {
  if (t.values instanceof Uint8Array) return t.values;
  const size = FIELD_TYPE_SIZE[t.type];
  const out = new Uint8Array(t.values.length * (t.type === FieldType.RATIONAL ? 4 : size));
  const dv = new DataView(out.buffer);
  t.values.forEach((v, i) => {
    if (t.type === FieldType.SHORT) dv.setUint16(i * 2, v, true);
    else if (t.type === FieldType.LONG || t.type === FieldType.RATIONAL) dv.setUint32(i * 4, v, true);
    else if (t.type === FieldType.BYTE) dv.setUint8(i, v);
    else throw new Error(`TIFF writer: tag ${t.tag} has unsupported numeric type ${t.type}`);
  });
  return out;
}

function tagCount(t: TiffTag): number {
  if (t.values instanceof Uint8Array) return t.values.length;
  return t.type === FieldType.RATIONAL ? t.values.length / 2 : t.values.length;
}

/**
 * Serialises one IFD placed at `ifdOffset`: entries sorted by tag, values over 4 bytes stored right after
 * the entry table (word aligned), next-IFD pointer 0 (patched when another page follows).
 */
function encodeIfd(tags: TiffTag[], ifdOffset: number): { bytes: Uint8Array; nextPointerAt: number } {
  const sorted = [...tags].sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + sorted.length * 12 + 4;
  const payloads = sorted.map(tagBytes);
  let extra = 0;
  for (const p of payloads) if (p.length > 4) extra += p.length + (p.length & 1);
  const out = new Uint8Array(tableSize + extra);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, sorted.length, true);
  let heap = tableSize;
  sorted.forEach((t, i) => {
    const e = 2 + i * 12;
    dv.setUint16(e, t.tag, true);
    dv.setUint16(e + 2, t.type, true);
    dv.setUint32(e + 4, tagCount(t), true);
    const p = payloads[i];
    if (p.length <= 4) out.set(p, e + 8);
    else {
      dv.setUint32(e + 8, ifdOffset + heap, true);
      out.set(p, heap);
      heap += p.length + (p.length & 1);
    }
  });
  return { bytes: out, nextPointerAt: ifdOffset + 2 + sorted.length * 12 };
}

/** Appends pages to a TIFF as they come, so a movie never has to be encoded whole in memory. */
export class TiffWriter {
  private lastNextPointer = 4;
  private pages = 0;
  private constructor(private readonly sink: Sink) {}

  static async create(sink: Sink): Promise<TiffWriter> {
    const header = new Uint8Array([0x49, 0x49, 42, 0, 0, 0, 0, 0]);
    await sink.append(header);
    return new TiffWriter(sink);
  }

  async addPage(page: TiffPage): Promise<void> {
    const offsets: number[] = [];
    for (const strip of page.strips) {
      offsets.push(await this.sink.append(strip));
      if (strip.length & 1) await this.sink.append(new Uint8Array(1));
    }
    const size = await this.sink.append(new Uint8Array(0));
    if (size > MAX_CLASSIC_TIFF) throw new Error('TIFF writer: file exceeds 4 GiB (classic TIFF limit)');
    const tags: TiffTag[] = [
      ...page.tags,
      { tag: Tag.StripOffsets, type: FieldType.LONG, values: offsets },
      { tag: Tag.StripByteCounts, type: FieldType.LONG, values: page.strips.map((s) => s.length) },
    ];
    const ifd = encodeIfd(tags, size);
    await this.sink.append(ifd.bytes);
    await this.sink.patchUint32(this.lastNextPointer, size);
    this.lastNextPointer = ifd.nextPointerAt;
    this.pages++;
  }

  get pageCount(): number {
    return this.pages;
  }
}

/** An in-memory sink; `bytes()` returns what was written. */
export function memorySink(): Sink & { bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const patches: [number, number][] = [];
  return {
    async append(b) {
      const at = length;
      if (b.length) chunks.push(b.slice());
      length += b.length;
      return at;
    },
    async patchUint32(offset, value) {
      patches.push([offset, value]);
    },
    bytes() {
      const out = new Uint8Array(length);
      let p = 0;
      for (const c of chunks) {
        out.set(c, p);
        p += c.length;
      }
      const dv = new DataView(out.buffer);
      for (const [o, v] of patches) dv.setUint32(o, v, true);
      return out;
    },
  };
}

/** A file sink: appends with positional writes and patches pointers in place. */
export async function fileSink(path: string): Promise<Sink & { close(): Promise<void> }> {
  const fh: FileHandle = await open(path, 'w');
  let length = 0;
  return {
    async append(b) {
      const at = length;
      if (b.length) await fh.write(b, 0, b.length, at);
      length += b.length;
      return at;
    },
    async patchUint32(offset, value) {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, value, true);
      await fh.write(b, 0, 4, offset);
    },
    close: () => fh.close(),
  };
}

/** Encodes whole pages to TIFF bytes in memory (small files: tests, EER fixtures). */
export async function encodeTiff(pages: TiffPage[]): Promise<Uint8Array> {
  const sink = memorySink();
  const w = await TiffWriter.create(sink);
  for (const p of pages) await w.addPage(p);
  return sink.bytes();
}
