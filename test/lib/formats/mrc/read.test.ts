// readMrc against real third-party files (values as mrcfile reads them), by-hand axis reordering, big-endian files and truncation.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeMrc, readMrc } from '../../../../lib/formats/mrc/index.js';
import type { MrcVolume } from '../../../../lib/formats/mrc/index.js';
import { mrcfileDump, SHARED_DATA } from './mrcfileTool.js';

const files = readdirSync(SHARED_DATA).filter((f) => /\.(mrc|map)$/.test(f)).sort();

/** Value of file element (section s, row r, column c) in our x, y, z images (axis permutation applied). */
function fileOrderValue(v: MrcVolume, s: number, r: number, c: number): number {
  const xyz = [0, 0, 0];
  xyz[v.header.mapc - 1] = c;
  xyz[v.header.mapr - 1] = r;
  xyz[v.header.maps - 1] = s;
  const im = v.images[xyz[2]];
  return im.data[xyz[1] * im.width + xyz[0]];
}

describe('readMrc on shared/data files, compared with mrcfile', () => {
  it('finds the six reference files', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s: same shape, voxel size, statistics and voxels as mrcfile', (file) => {
    const path = join(SHARED_DATA, file);
    const v = readMrc(readFileSync(path), file);
    const { nx, ny, nz } = v.header;
    const points = Array.from({ length: 12 }, (_, i) => [Math.floor((i * nz) / 12), (i * 37 + 5) % ny, (i * 53 + 3) % nx]);
    const ref = mrcfileDump(path, points);
    expect(nz > 1 ? ref.shape : [1, ...ref.shape]).toEqual([nz, ny, nx]);
    expect(ref.axes).toEqual([v.header.mapc, v.header.mapr, v.header.maps]);
    expect(ref.mode).toBe(v.header.mode);
    expect(ref.nsymbt).toBe(v.header.nsymbt);
    expect(ref.little).toBe(v.header.littleEndian);
    const px = v.header.pixelSizeA;
    [px.x, px.y, px.z].forEach((p, i) => expect(p).toBeCloseTo(ref.voxel[i], 5));
    expect([v.header.dmin, v.header.dmax, v.header.dmean, v.header.rms]).toEqual(ref.header_stats);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const im of v.images) {
      for (const x of im.data) {
        sum += x;
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
    expect(min).toBe(ref.min);
    expect(max).toBe(ref.max);
    expect(sum).toBeCloseTo(ref.sum, 6);
    points.forEach(([s, r, c], i) => expect(fileOrderValue(v, s, r, c)).toBe(ref.samples[i]));
  });

  it('reorders EMD-3001 (mapc, mapr, maps = 3, 1, 2) into x-fastest order: 43 × 25 × 73', () => {
    const v = readMrc(readFileSync(join(SHARED_DATA, 'mrcfile_EMD-3001.map')), 'EMD-3001.map');
    expect([v.header.nx, v.header.ny, v.header.nz]).toEqual([73, 43, 25]);
    expect([v.images[0].width, v.images[0].height, v.images.length]).toEqual([43, 25, 73]);
  });
});

describe('readMrc axis reordering by hand', () => {
  it('maps file element (c, r, s) to x = r, y = s, z = c when mapc, mapr, maps = 3, 1, 2', () => {
    // File of 4 columns × 3 rows × 2 sections, value = 100 s + 10 r + c.
    const images = [0, 1].map((s) => ({ width: 4, height: 3, data: Float32Array.from({ length: 12 }, (_, i) => 100 * s + 10 * Math.floor(i / 4) + (i % 4)) }));
    const bytes = encodeMrc(images);
    const view = new DataView(bytes.buffer);
    [3, 1, 2].forEach((m, i) => view.setInt32(64 + 4 * i, m, true));
    const v = readMrc(bytes, 'perm.mrc');
    // X runs along rows (3), Y along sections (2), Z along columns (4).
    expect([v.images[0].width, v.images[0].height, v.images.length]).toEqual([3, 2, 4]);
    // Voxel (x=2, y=1, z=3) is file element c=3, r=2, s=1 → 100 + 20 + 3.
    expect(v.images[3].data[1 * 3 + 2]).toBe(123);
    expect(v.images[0].data[0]).toBe(0);
    expect(v.images[1].data[2]).toBe(21); // x=2 (r=2), y=0 (s=0), z=1 (c=1)
  });

  it('maps file element (c, r, s) to x = s, y = c, z = r when mapc, mapr, maps = 2, 3, 1', () => {
    const images = [0, 1].map((s) => ({ width: 4, height: 3, data: Float32Array.from({ length: 12 }, (_, i) => 100 * s + 10 * Math.floor(i / 4) + (i % 4)) }));
    const bytes = encodeMrc(images);
    const view = new DataView(bytes.buffer);
    [2, 3, 1].forEach((m, i) => view.setInt32(64 + 4 * i, m, true));
    const v = readMrc(bytes, 'perm.mrc');
    expect([v.images[0].width, v.images[0].height, v.images.length]).toEqual([2, 4, 3]);
    // Voxel (x=1, y=3, z=2) is s=1, c=3, r=2 → 123.
    expect(v.images[2].data[3 * 2 + 1]).toBe(123);
  });
});

describe('readMrc byte order', () => {
  it('reads a big-endian file crafted by hand (machine stamp 0x11 0x11)', () => {
    const bytes = new Uint8Array(1024 + 2 * 2 * 2);
    const view = new DataView(bytes.buffer);
    [2, 2, 1, 1].forEach((v, i) => view.setInt32(4 * i, v, false)); // 2×2×1, mode 1 (int16)
    [2, 2, 1].forEach((v, i) => view.setInt32(28 + 4 * i, v, false));
    [3, 3, 1.5].forEach((v, i) => view.setFloat32(40 + 4 * i, v, false));
    [1, 2, 3].forEach((v, i) => view.setInt32(64 + 4 * i, v, false));
    bytes.set([0x4d, 0x41, 0x50, 0x20, 0x11, 0x11, 0, 0], 208);
    [-300, 2, 258, 32767].forEach((v, i) => view.setInt16(1024 + 2 * i, v, false));
    const v = readMrc(bytes, 'be.mrc');
    expect(v.header.littleEndian).toBe(false);
    expect(v.header.pixelSizeA).toEqual({ x: 1.5, y: 1.5, z: 1.5 });
    expect(Array.from(v.images[0].data)).toEqual([-300, 2, 258, 32767]);
  });

  it('guesses the byte order of a file without machine stamp from the mode', () => {
    const bytes = encodeMrc([{ width: 2, height: 1, data: new Float32Array([1.5, -2]) }], { littleEndian: false });
    bytes.fill(0, 212, 216);
    expect(Array.from(readMrc(bytes, 'nostamp.mrc').images[0].data)).toEqual([1.5, -2]);
  });
});

describe('readMrc errors', () => {
  it('rejects a truncated file, saying how much data is missing', () => {
    const bytes = encodeMrc([{ width: 4, height: 4, data: new Float32Array(16) }]);
    expect(() => readMrc(bytes.subarray(0, 1024 + 10), 'x.mrc')).toThrow(
      '"x.mrc": truncated: header says 4×4×1 mode 2 (64 bytes of data) but file has 10 bytes after the header',
    );
  });

  it('names the extended header when the data after it is short', () => {
    const bytes = encodeMrc([{ width: 4, height: 4, data: new Float32Array(16) }]);
    new DataView(bytes.buffer).setInt32(92, 32, true);
    expect(() => readMrc(bytes, 'x.mrc')).toThrow(
      '"x.mrc": truncated: header says 4×4×1 mode 2 (64 bytes of data) but file has 32 bytes after the header and 32-byte extended header',
    );
  });

  it('rejects an extended header that runs past the end of the file', () => {
    const bytes = encodeMrc([{ width: 4, height: 4, data: new Float32Array(16) }]);
    new DataView(bytes.buffer).setInt32(92, 100, true);
    expect(() => readMrc(bytes, 'x.mrc')).toThrow('"x.mrc": truncated: extended header of 100 bytes runs past the end of the 1088-byte file');
  });
});
