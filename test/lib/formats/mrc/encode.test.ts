// encodeMrc: round trips in every mode and byte order, files accepted by mrcfile.validate and RELION, header statistics as numpy computes them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc, MRC_HEADER_BYTES, readMrc, reserveMrcHeaderRoom } from '../../../../lib/formats/mrc/index.js';
import type { Image2D } from '../../../../lib/image.js';
import { mrcfileDump, mrcfileValidate } from './mrcfileTool.js';

const dir = mkdtempSync(join(tmpdir(), 'mrc-encode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic stack whose values fit `lo..hi` (integers when `integer`). */
function stack(nx: number, ny: number, nz: number, lo: number, hi: number, integer: boolean): Image2D[] {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: nz }, () => ({
    width: nx,
    height: ny,
    data: Float32Array.from({ length: nx * ny }, () => {
      const v = lo + (hi - lo) * next();
      return integer ? Math.round(v) : v;
    }),
  }));
}

const MODES = [
  { mode: 0 as const, lo: -128, hi: 127, integer: true },
  { mode: 1 as const, lo: -32768, hi: 32767, integer: true },
  { mode: 2 as const, lo: -5, hi: 5, integer: false },
  { mode: 6 as const, lo: 0, hi: 65535, integer: true },
  // Integers are exact in float16; the range is small because numpy sums float16 squares in float16 (std overflows otherwise).
  { mode: 12 as const, lo: -10, hi: 10, integer: true },
  { mode: 101 as const, lo: 0, hi: 15, integer: true },
];

describe('encodeMrc round trips', () => {
  it.each(MODES.flatMap((m) => [true, false].map((littleEndian) => ({ ...m, littleEndian }))))(
    'mode $mode, little-endian $littleEndian: values, size and header survive',
    ({ mode, lo, hi, integer, littleEndian }) => {
      const images = stack(7, 5, 3, lo, hi, integer); // odd width exercises 4-bit row padding
      const bytes = encodeMrc(images, { mode, littleEndian, pixelSizeA: 0.885, labels: ['round trip'] });
      const v = readMrc(bytes, 'rt.mrc');
      expect(v.header).toMatchObject({ nx: 7, ny: 5, nz: 3, mode, mx: 7, my: 5, mz: 1, nversion: 20140, littleEndian, labels: ['round trip'], ispg: 0 });
      expect(v.header.pixelSizeA.x).toBeCloseTo(0.885, 6);
      expect(v.images.map((im) => Array.from(im.data))).toEqual(images.map((im) => Array.from(im.data)));
    },
  );

  it('rounds and clamps to the integer range of the mode', () => {
    const image = { width: 4, height: 1, data: new Float32Array([-200.4, 1.6, 2.5, 300]) };
    expect(Array.from(readMrc(encodeMrc([image], { mode: 0 }), 'a').images[0].data)).toEqual([-128, 2, 3, 127]);
    expect(Array.from(readMrc(encodeMrc([image], { mode: 101 }), 'a').images[0].data)).toEqual([0, 2, 3, 15]);
    expect(Array.from(readMrc(encodeMrc([image], { mode: 6 }), 'a').images[0].data)).toEqual([0, 2, 3, 300]);
  });

  it('stores mode 0 as signed bytes and mode 101 as nibbles, even x low, rows starting on a byte', () => {
    const int8 = encodeMrc([{ width: 2, height: 1, data: new Float32Array([-1, 5]) }], { mode: 0 });
    expect(Array.from(int8.subarray(1024))).toEqual([0xff, 0x05]);
    const nibbles = encodeMrc([{ width: 3, height: 2, data: new Float32Array([1, 2, 3, 4, 5, 6]) }], { mode: 101 });
    expect(Array.from(nibbles.subarray(1024))).toEqual([0x21, 0x03, 0x54, 0x06]);
  });

  it('writes float16 as IEEE half precision', () => {
    const bytes = encodeMrc([{ width: 3, height: 1, data: new Float32Array([1, -2, 0.1]) }], { mode: 12 });
    const view = new DataView(bytes.buffer, 1024);
    expect([0, 1, 2].map((i) => view.getUint16(2 * i, true))).toEqual([0x3c00, 0xc000, 0x2e66]);
  });

  it('rejects images of different sizes, naming the odd one', () => {
    const a = { width: 4, height: 4, data: new Float32Array(16) };
    const b = { width: 4, height: 3, data: new Float32Array(12) };
    expect(() => encodeMrc([a, a, b])).toThrow('encodeMrc: image 2 is 4×3, expected 4×4 like image 0');
    expect(() => encodeMrc([])).toThrow('encodeMrc: no images to write');
    expect(() => encodeMrc([a], { mode: 3 as 2 })).toThrow('encodeMrc: unsupported mode 3');
  });
});

describe('encodeMrc files checked by mrcfile', () => {
  it.each(MODES.filter((m) => m.mode !== 101).flatMap((m) => [true, false].map((littleEndian) => ({ ...m, littleEndian }))))(
    'mode $mode, little-endian $littleEndian: passes mrcfile.validate, values and statistics agree with numpy',
    ({ mode, lo, hi, integer, littleEndian }) => {
      const images = stack(9, 6, 4, lo, hi, integer);
      const path = join(dir, `m${mode}-${littleEndian ? 'le' : 'be'}.mrc`);
      writeFileSync(path, encodeMrc(images, { mode, littleEndian, pixelSizeA: 1.25 }));
      const check = mrcfileValidate(path);
      expect(check.output).toContain('File appears to be valid.');
      expect(check.valid).toBe(true);
      const ref = mrcfileDump(path, [[3, 5, 8], [0, 0, 0], [2, 1, 7]]);
      expect(ref.shape).toEqual([4, 6, 9]);
      expect(ref.voxel).toEqual([1.25, 1.25, 1.25]);
      expect(ref.little).toBe(littleEndian);
      expect(ref.samples).toEqual([images[3].data[5 * 9 + 8], images[0].data[0], images[2].data[1 * 9 + 7]]);
      const [dmin, dmax, dmean, rms] = ref.header_stats;
      expect(dmin).toBe(ref.min);
      expect(dmax).toBe(ref.max);
      expect(Math.abs(dmean - ref.mean)).toBeLessThan(1e-6 * (Math.abs(ref.mean) + ref.std)); // float32 header field
      expect(rms / ref.std).toBeCloseTo(1, 6);
    },
  );
});

describe('encodeMrc files read by RELION 3.1', () => {
  it.each([0, 101] as const)('relion_image_handler reads mode %s (signed int8 / 4-bit nibbles) as we wrote it', (mode) => {
    const images = stack(10, 4, 1, mode === 0 ? -128 : 0, mode === 0 ? 127 : 15, true);
    const path = join(dir, `relion-${mode}.mrc`);
    const out = join(dir, `relion-${mode}-float.mrc`);
    writeFileSync(path, encodeMrc(images, { mode }));
    execFileSync('relion_image_handler', ['--i', path, '--o', out], { stdio: 'pipe' });
    const ref = mrcfileDump(out, Array.from({ length: 40 }, (_, i) => [0, Math.floor(i / 10), i % 10]));
    expect(ref.samples).toEqual(Array.from(images[0].data));
  });
});

describe('encodeMrc into reserved header room', () => {
  it('writes the header before the pixels and returns the same bytes as a copy would, sharing the pixels', () => {
    const [image] = stack(37, 11, 1, -5, 5, false);
    const copy = encodeMrc([image], { pixelSizeA: 0.9 });
    const backing = new Float32Array(MRC_HEADER_BYTES / 4 + 37 * 11 + 3).fill(7);
    const data = reserveMrcHeaderRoom(backing.subarray(MRC_HEADER_BYTES / 4, MRC_HEADER_BYTES / 4 + 37 * 11));
    data.set(image.data);
    const file = encodeMrc([{ width: 37, height: 11, data }], { pixelSizeA: 0.9 });
    expect(Array.from(file)).toEqual(Array.from(copy));
    expect(file.buffer).toBe(backing.buffer);
    expect(backing[backing.length - 1]).toBe(7); // nothing written past the pixels
    const path = join(dir, 'in-place.mrc');
    writeFileSync(path, file);
    expect(mrcfileValidate(path).valid).toBe(true);
    // Other modes, byte orders and stacks still copy.
    expect(encodeMrc([{ width: 37, height: 11, data }], { mode: 2, littleEndian: false }).buffer).not.toBe(backing.buffer);
    expect(() => reserveMrcHeaderRoom(new Float32Array(8))).toThrow(RangeError);
  });
});
