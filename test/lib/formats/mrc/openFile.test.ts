// openMrcFile streams frames that equal readMrc's; writeMrcFile writes via a temporary name and passes mrcfile.validate.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc, openMrcFile, readMrc, writeMrcFile } from '../../../../lib/formats/mrc/index.js';
import { mrcfileValidate, SHARED_DATA } from './mrcfileTool.js';

const dir = mkdtempSync(join(tmpdir(), 'mrc-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frames = [0, 1, 2].map((z) => ({ width: 6, height: 4, data: Float32Array.from({ length: 24 }, (_, i) => i * 3 + z * 1000) }));

describe('openMrcFile', () => {
  it('reads each frame of a movie-like stack, float and raw', async () => {
    const path = join(dir, 'movie.mrc');
    writeFileSync(path, encodeMrc(frames, { mode: 1 }));
    const reader = await openMrcFile(path);
    try {
      expect(reader.frameCount).toBe(3);
      expect(reader.header.mode).toBe(1);
      const f2 = await reader.readFrame(2);
      expect([f2.width, f2.height]).toEqual([6, 4]);
      expect(Array.from(f2.data)).toEqual(Array.from(frames[2].data));
      const raw = await reader.readFrameRaw(1);
      expect(raw.data).toBeInstanceOf(Int16Array);
      expect(Array.from(raw.data)).toEqual(Array.from(frames[1].data));
      await expect(reader.readFrame(3)).rejects.toThrow(`"${path}": frame 3 out of range 0..2`);
    } finally {
      await reader.close();
    }
  });

  it('reads a 4-bit stack frame by frame as Uint8 values', async () => {
    const nibbles = [0, 1].map((z) => ({ width: 5, height: 3, data: Float32Array.from({ length: 15 }, (_, i) => (i + z) % 16) }));
    const path = join(dir, 'packed.mrc');
    writeFileSync(path, encodeMrc(nibbles, { mode: 101 }));
    const reader = await openMrcFile(path);
    const raw = await reader.readFrameRaw(1);
    await reader.close();
    expect(raw.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(raw.data)).toEqual(Array.from(nibbles[1].data));
  });

  it('gives the same frames as readMrc for EMD-3001, whose axes are permuted', async () => {
    const path = join(SHARED_DATA, 'mrcfile_EMD-3001.map');
    const whole = readMrc(readFileSync(path), path);
    const reader = await openMrcFile(path);
    try {
      expect(reader.frameCount).toBe(73);
      expect(Array.from((await reader.readFrame(40)).data)).toEqual(Array.from(whole.images[40].data));
      await expect(reader.readFrameRaw(0)).rejects.toThrow('raw frames need axis order 1, 2, 3, file has 3, 1, 2');
    } finally {
      await reader.close();
    }
  });

  it('rejects a truncated file when opening it', async () => {
    const path = join(dir, 'short.mrc');
    writeFileSync(path, encodeMrc(frames, { mode: 0 }).subarray(0, 1024 + 30));
    await expect(openMrcFile(path)).rejects.toThrow(`"${path}": truncated: header says 6×4×3 mode 0 (72 bytes of data) but file has 30 bytes after the header`);
  });
});

describe('writeMrcFile', () => {
  it('writes a file equal to encodeMrc output that passes mrcfile.validate, leaving no temporary file', async () => {
    const path = join(dir, 'written.mrc');
    await writeMrcFile(path, frames, { pixelSizeA: 0.5, labels: ['motioncor test'] });
    expect(new Uint8Array(readFileSync(path))).toEqual(encodeMrc(frames, { pixelSizeA: 0.5, labels: ['motioncor test'] }));
    expect(mrcfileValidate(path).valid).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('leaves nothing behind when the images are invalid', async () => {
    const path = join(dir, 'bad.mrc');
    await expect(writeMrcFile(path, [frames[0], { width: 2, height: 2, data: new Float32Array(4) }])).rejects.toThrow('image 1 is 2×2, expected 6×4');
    expect(readdirSync(dir).filter((f) => f.startsWith('bad.mrc'))).toEqual([]);
  });
});
