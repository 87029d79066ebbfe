// Minimal TIFF directory (IFD) parser over random-access bytes: what EER decoding and format detection need.

import { open } from 'node:fs/promises';
import { FIELD_TYPE_SIZE, FieldType } from './tags.js';

/** Random access to a file or buffer. */
export interface ByteSource {
  name: string;
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** One IFD entry: numeric values decoded (RATIONAL as num/den), raw bytes kept for UNDEFINED/ASCII/BYTE. */
export interface IfdEntry {
  type: number;
  count: number;
  values: number[];
  bytes: Uint8Array;
}

export interface Ifd {
  offset: number;
  entries: Map<number, IfdEntry>;
}

/** Thrown for a byte stream that is not a classic TIFF; the caller adds the file name. */
export class TiffFormatError extends Error {
  override name = 'TiffFormatError';
}

export function bufferSource(bytes: Uint8Array, name = 'buffer'): ByteSource {
  return {
    name,
    size: bytes.length,
    async read(offset, length) {
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
    async close() {},
  };
}

export async function fileSource(path: string): Promise<ByteSource> {
  const fh = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    name: path,
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      if (n > 0) await fh.read(buf, 0, n, offset);
      return buf;
    },
    close: () => fh.close(),
  };
}

/** Byte order of a TIFF header ("II*\0" or "MM\0*"), or null if `head` is not classic TIFF. */
export function tiffByteOrder(head: Uint8Array): 'le' | 'be' | null {
  if (head.length < 8) return null;
  if (head[0] === 0x49 && head[1] === 0x49 && head[2] === 42 && head[3] === 0) return 'le';
  if (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 42) return 'be';
  return null;
}

function readValues(dv: DataView, type: number, count: number, le: boolean): number[] {
  const out: number[] = [];
  const size = FIELD_TYPE_SIZE[type] ?? 1;
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (type) {
      case FieldType.SHORT: out.push(dv.getUint16(o, le)); break;
      case FieldType.SSHORT: out.push(dv.getInt16(o, le)); break;
      case FieldType.LONG: out.push(dv.getUint32(o, le)); break;
      case FieldType.SLONG: out.push(dv.getInt32(o, le)); break;
      case FieldType.RATIONAL: out.push(dv.getUint32(o, le) / dv.getUint32(o + 4, le)); break;
      case FieldType.FLOAT: out.push(dv.getFloat32(o, le)); break;
      case FieldType.DOUBLE: out.push(dv.getFloat64(o, le)); break;
      case FieldType.BYTE: case FieldType.SBYTE: case FieldType.UNDEFINED: case FieldType.ASCII: return [];
      default: return [];
    }
  }
  return out;
}

/** Reads the IFD at `offset` and the offset of the next one (0 = last). */
export async function readIfd(src: ByteSource, offset: number, le: boolean): Promise<{ ifd: Ifd; next: number }> {
  if (offset + 2 > src.size) throw new TiffFormatError(`IFD offset ${offset} is past the end of the file (${src.size} bytes): truncated`);
  const nb = await src.read(offset, 2);
  const n = new DataView(nb.buffer, nb.byteOffset, 2).getUint16(0, le);
  const table = await src.read(offset + 2, n * 12 + 4);
  if (table.length < n * 12 + 4) throw new TiffFormatError(`IFD at ${offset} with ${n} entries is cut short: truncated`);
  const dv = new DataView(table.buffer, table.byteOffset, table.length);
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < n; i++) {
    const e = i * 12;
    const tag = dv.getUint16(e, le);
    const type = dv.getUint16(e + 2, le);
    const count = dv.getUint32(e + 4, le);
    const byteLen = (FIELD_TYPE_SIZE[type] ?? 1) * count;
    let bytes: Uint8Array;
    if (byteLen <= 4) bytes = table.subarray(e + 8, e + 8 + byteLen);
    else {
      const at = dv.getUint32(e + 8, le);
      if (at + byteLen > src.size) throw new TiffFormatError(`tag ${tag} value at ${at} (+${byteLen} bytes) is past the end of the file: truncated`);
      bytes = await src.read(at, byteLen);
    }
    const vdv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    entries.set(tag, { type, count, values: readValues(vdv, type, count, le), bytes });
  }
  return { ifd: { offset, entries }, next: dv.getUint32(n * 12, le) };
}

/** Header check plus the first IFD's offset. */
export async function readTiffHeader(src: ByteSource): Promise<{ le: boolean; firstIfd: number }> {
  const head = await src.read(0, 8);
  const order = tiffByteOrder(head);
  if (order === null) {
    if (head.length >= 4 && ((head[0] === 0x49 && head[2] === 43) || (head[0] === 0x4d && head[3] === 43))) {
      throw new TiffFormatError('BigTIFF is not supported');
    }
    throw new TiffFormatError('not a TIFF file (no II*/MM* header)');
  }
  const le = order === 'le';
  return { le, firstIfd: new DataView(head.buffer, head.byteOffset, 8).getUint32(4, le) };
}

/** All IFDs of a TIFF in order (guards against loops). */
export async function readAllIfds(src: ByteSource): Promise<{ le: boolean; ifds: Ifd[] }> {
  const { le, firstIfd } = await readTiffHeader(src);
  const ifds: Ifd[] = [];
  const seen = new Set<number>();
  let at = firstIfd;
  while (at !== 0) {
    if (seen.has(at)) throw new TiffFormatError(`IFD chain loops back to offset ${at}`);
    seen.add(at);
    const { ifd, next } = await readIfd(src, at, le);
    ifds.push(ifd);
    at = next;
  }
  return { le, ifds };
}

/** First numeric value of a tag, or `fallback`. */
export function tagNumber(ifd: Ifd, tag: number, fallback?: number): number | undefined {
  const e = ifd.entries.get(tag);
  return e && e.values.length > 0 ? e.values[0] : fallback;
}

/** A tag's raw bytes decoded as UTF-8 text (trailing NULs dropped), or undefined. */
export function tagText(ifd: Ifd, tag: number): string | undefined {
  const e = ifd.entries.get(tag);
  if (!e) return undefined;
  return new TextDecoder().decode(e.bytes).replace(/\0+$/, '');
}

/** The concatenated raw (still compressed) strips of one IFD. */
export async function readRawStrips(src: ByteSource, ifd: Ifd): Promise<Uint8Array> {
  const offsets = ifd.entries.get(273)?.values ?? [];
  const counts = ifd.entries.get(279)?.values ?? [];
  if (offsets.length === 0 || offsets.length !== counts.length) throw new TiffFormatError(`IFD at ${ifd.offset} has ${offsets.length} strip offsets and ${counts.length} strip byte counts`);
  const total = counts.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  let p = 0;
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i] + counts[i] > src.size) throw new TiffFormatError(`strip ${i} of IFD at ${ifd.offset} ends past the end of the file: truncated`);
    out.set(await src.read(offsets[i], counts[i]), p);
    p += counts[i];
  }
  return out;
}
