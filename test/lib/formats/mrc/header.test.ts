// parseMrcHeader: clear errors for files that are not MRC or are corrupt, and extended headers (FEI) skipped by nsymbt.
import { describe, expect, it } from 'vitest';
import { encodeMrc, parseMrcHeader, readMrc } from '../../../../lib/formats/mrc/index.js';
import { InvalidInputError } from '../../../../lib/errors.js';

/** A valid little-endian 4×3×2 float32 file to corrupt. */
function validFile(): { bytes: Uint8Array; view: DataView } {
  const bytes = encodeMrc([0, 1].map((z) => ({ width: 4, height: 3, data: Float32Array.from({ length: 12 }, (_, i) => i + 100 * z) })), { pixelSizeA: 2 });
  return { bytes, view: new DataView(bytes.buffer) };
}

describe('parseMrcHeader', () => {
  it('reads the fields of a file we wrote', () => {
    const h = parseMrcHeader(validFile().bytes, 'ok.mrc');
    expect(h).toMatchObject({ nx: 4, ny: 3, nz: 2, mode: 2, mx: 4, my: 3, mz: 1, mapc: 1, mapr: 2, maps: 3, nversion: 20140, dataOffset: 1024, exttyp: '' });
    expect(h.cella).toEqual({ x: 8, y: 6, z: 2 });
    expect(h.pixelSizeA).toEqual({ x: 2, y: 2, z: 2 });
  });

  it('rejects a file shorter than the header', () => {
    expect(() => parseMrcHeader(new Uint8Array(10), 'tiny.mrc')).toThrow('"tiny.mrc": not an MRC file: 10 bytes, shorter than the 1024-byte header');
  });

  it('rejects something that is not an MRC file at all', () => {
    const text = new TextEncoder().encode('II*\0'.padEnd(2048, 'x')); // a TIFF-like start
    const err = (() => {
      try {
        parseMrcHeader(text, 'movie.tif');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/^"movie\.tif": not an MRC file: no "MAP " id at byte 208 and header reads /);
  });

  it('rejects an unsupported mode, listing the supported ones', () => {
    const { bytes, view } = validFile();
    view.setInt32(12, 4, true);
    expect(() => parseMrcHeader(bytes, 'c.mrc')).toThrow('"c.mrc": unsupported mode 4 (supported: 0 int8, 1 int16, 2 float32, 6 uint16, 12 float16, 101 4-bit)');
  });

  it('rejects nonsense dimensions', () => {
    const { bytes, view } = validFile();
    view.setInt32(4, -3, true);
    expect(() => parseMrcHeader(bytes, 'd.mrc')).toThrow('"d.mrc": nonsense dimensions 4×-3×2: nx, ny and nz must each be 1 to 1000000');
  });

  it('rejects an axis order that is not a permutation of 1, 2, 3', () => {
    const { bytes, view } = validFile();
    view.setInt32(68, 1, true);
    expect(() => parseMrcHeader(bytes, 'e.mrc')).toThrow('"e.mrc": axis order mapc, mapr, maps = 1, 1, 3 is not a permutation of 1, 2, 3');
  });

  it('rejects a negative extended header size', () => {
    const { bytes, view } = validFile();
    view.setInt32(92, -8, true);
    expect(() => parseMrcHeader(bytes, 'f.mrc')).toThrow('"f.mrc": negative extended header size nsymbt = -8');
  });

  it('treats an all-zero axis order (old files) as 1, 2, 3', () => {
    const { bytes } = validFile();
    bytes.fill(0, 64, 76);
    expect(parseMrcHeader(bytes, 'g.mrc')).toMatchObject({ mapc: 1, mapr: 2, maps: 3 });
  });
});

describe('extended headers', () => {
  it.each([
    ['FEI1', 768],
    ['FEI2', 888],
  ])('reports exttyp %s and skips its %s-byte records to reach the data', (exttyp, recordBytes) => {
    const { bytes } = validFile();
    const ext = new Uint8Array(2 * recordBytes).fill(0xab); // one record per frame
    const withExt = new Uint8Array(bytes.length + ext.length);
    withExt.set(bytes.subarray(0, 1024), 0);
    withExt.set(ext, 1024);
    withExt.set(bytes.subarray(1024), 1024 + ext.length);
    const view = new DataView(withExt.buffer);
    view.setInt32(92, ext.length, true);
    withExt.set(new TextEncoder().encode(exttyp), 104);
    const v = readMrc(withExt, 'fei.mrc');
    expect(v.header.exttyp).toBe(exttyp);
    expect(v.header.nsymbt).toBe(2 * recordBytes);
    expect(v.header.dataOffset).toBe(1024 + 2 * recordBytes);
    expect(Array.from(v.images[1].data.subarray(0, 3))).toEqual([100, 101, 102]);
  });
});
