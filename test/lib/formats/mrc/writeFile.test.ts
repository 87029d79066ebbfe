import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readMrc, writeMrcFile } from '../../../../lib/formats/mrc/index.js';
import type { Image2D } from '../../../../lib/image.js';

function* ramps(count: number): Generator<Image2D> {
  for (let z = 0; z < count; z++) {
    yield { width: 3, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5].map((v) => v + 10 * z)) };
  }
}

describe('writeMrcFile', () => {
  it('streams a generator of sections and counts them into the header', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mrc-write-'));
    const file = path.join(dir, 'gen.mrc');
    await writeMrcFile(file, ramps(4), { pixelSizeA: 1.5 });
    const vol = readMrc(await readFile(file), file);
    expect([vol.header.nx, vol.header.ny, vol.header.nz]).toEqual([3, 2, 4]);
    expect(Array.from(vol.images[3].data)).toEqual([30, 31, 32, 33, 34, 35]);
    expect(vol.header.dmax).toBe(35);
    expect(vol.header.pixelSizeA.x).toBeCloseTo(1.5, 5);
  });

  it('refuses a section of another size and leaves no file behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mrc-write-'));
    const odd: Image2D[] = [...ramps(1), { width: 2, height: 2, data: new Float32Array(4) }];
    await expect(writeMrcFile(path.join(dir, 'bad.mrc'), odd)).rejects.toThrow('encodeMrc: image 1 is 2×2, expected 3×2 like image 0');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an empty stack', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mrc-write-'));
    await expect(writeMrcFile(path.join(dir, 'empty.mrc'), [])).rejects.toThrow(/no images to write/);
  });
});
