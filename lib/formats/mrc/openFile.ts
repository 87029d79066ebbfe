// Streaming MRC reader: parses the header, then reads one section (movie frame) at a time from disk.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InvalidInputError } from '../../errors.js';
import type { Image2D } from '../../image.js';
import { isStandardAxisOrder, volumeSize } from './axisOrder.js';
import { checkDataSize } from './dataSize.js';
import { decodeRaw, rawToFloat32 } from './decode.js';
import type { MrcRawArray } from './decode.js';
import { MRC_HEADER_BYTES, parseMrcHeader } from './header.js';
import type { MrcHeader } from './header.js';
import { sectionBytes } from './modes.js';
import type { MrcMode } from './modes.js';
import { readMrc } from './read.js';

/** One section in the file's own value type (see MrcRawArray), for exact integer work on counting movies. */
export interface MrcRawFrame {
  width: number;
  height: number;
  mode: number;
  data: MrcRawArray;
}

export interface MrcFileReader {
  header: MrcHeader;
  /** Number of z sections (frames) in x, y, z order. */
  frameCount: number;
  /** Section `index` (0-based) as float32. */
  readFrame(index: number): Promise<Image2D>;
  /**
   * Section `index` in the file's value type; only for files in standard axis order (1, 2, 3). `into`: bytes of a
   * section read earlier that the caller is done with, read into again when they are the section's size (a fresh
   * 16 MB buffer per 4096² int8 frame cost more in page faults than the read). The values view the read bytes.
   */
  readFrameRaw(index: number, into?: Uint8Array): Promise<MrcRawFrame>;
  close(): Promise<void>;
}

async function readAt(fh: FileHandle, length: number, position: number, into?: Uint8Array): Promise<Uint8Array> {
  const buf = into?.length === length ? into : new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/**
 * Open an MRC file for frame-by-frame reading (a 4096×4096×40 movie is never loaded whole).
 * Files whose axis order is not 1, 2, 3 (maps, not movies) are read whole on first use and reordered.
 */
export async function openMrcFile(path: string): Promise<MrcFileReader> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const header = parseMrcHeader(await readAt(fh, MRC_HEADER_BYTES, 0), path);
    checkDataSize(header, size, path);
    return makeReader(fh, header, path, size);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

function makeReader(fh: FileHandle, header: MrcHeader, path: string, fileBytes: number): MrcFileReader {
  const mode = header.mode as MrcMode;
  const bytesPerSection = sectionBytes(mode, header.nx, header.ny);
  const standard = isStandardAxisOrder(header);
  let whole: Promise<Image2D[]> | undefined;
  const frameCount = volumeSize(header).z;
  const checkIndex = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= frameCount) {
      throw new RangeError(`"${path}": frame ${index} out of range 0..${frameCount - 1}`);
    }
  };
  const readRaw = async (index: number, into?: Uint8Array): Promise<MrcRawFrame> => {
    checkIndex(index);
    if (!standard) throw new InvalidInputError(`"${path}": raw frames need axis order 1, 2, 3, file has ${header.mapc}, ${header.mapr}, ${header.maps}`);
    const bytes = await readAt(fh, bytesPerSection, header.dataOffset + index * bytesPerSection, into);
    if (bytes.length < bytesPerSection) throw new InvalidInputError(`"${path}": truncated while reading frame ${index}`);
    const data = decodeRaw(bytes, mode, header.littleEndian, header.nx, header.ny, 1, true);
    return { width: header.nx, height: header.ny, mode, data };
  };
  return {
    header,
    frameCount,
    readFrameRaw: readRaw,
    async readFrame(index) {
      if (standard) {
        const raw = await readRaw(index);
        return { width: raw.width, height: raw.height, data: rawToFloat32(raw.data) };
      }
      checkIndex(index);
      whole ??= readAt(fh, fileBytes, 0).then((b) => readMrc(b, path).images);
      return (await whole)[index];
    },
    close: () => fh.close(),
  };
}
