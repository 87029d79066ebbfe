// An MRC movie's frames in their stored type (readSamples): the same values readFrame gives, int8 counts as bytes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMrcFile } from '../../../../lib/formats/mrc/index.js';
import { openMrcMovie } from '../../../../lib/formats/mrcMovie.js';
import type { Image2D } from '../../../../lib/image.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'mrc-samples-')); });
afterAll(() => rm(dir, { recursive: true, force: true }));

const frame = (values: number[]): Image2D => ({ width: 4, height: 2, data: Float32Array.from(values) });
const COUNTS = [frame([0, 1, 2, 3, 4, 5, 6, 127]), frame([9, 0, 0, 1, 40, 2, 3, 0])];

async function samplesAndFrames(name: string, images: Image2D[], mode: 0 | 1 | 2 | 6) {
  const path = join(dir, name);
  await writeMrcFile(path, images, { mode });
  const movie = await openMrcMovie(path);
  try {
    const out = [];
    for (let i = 0; i < movie.frameCount; i++) out.push({ samples: await movie.readSamples!(i), frame: await movie.readFrame(i) });
    return out;
  } finally {
    await movie.close();
  }
}

describe('MRC movie samples', () => {
  it('gives non-negative int8 (mode 0) frames as unsigned bytes with readFrame\'s values', async () => {
    for (const { samples, frame: f } of await samplesAndFrames('counts.mrc', COUNTS, 0)) {
      expect(samples).toBeInstanceOf(Uint8Array);
      expect(Array.from(samples)).toEqual(Array.from(f.data));
    }
  });

  it('keeps an int8 frame with negative values signed', async () => {
    const [{ samples, frame: f }] = await samplesAndFrames('signed.mrc', [frame([0, -1, 2, -128, 4, 5, 6, 7])], 0);
    expect(samples).toBeInstanceOf(Int8Array);
    expect(Array.from(samples)).toEqual(Array.from(f.data));
  });

  it('reads a frame into the spent samples it is handed (same memory), with readFrame\'s values', async () => {
    const path = join(dir, 'reuse.mrc');
    await writeMrcFile(path, COUNTS, { mode: 0 });
    const movie = await openMrcMovie(path);
    try {
      const first = await movie.readSamples!(0);
      const second = await movie.readSamples!(1, { into: first });
      expect(second.buffer).toBe(first.buffer);
      expect(Array.from(second)).toEqual(Array.from((await movie.readFrame(1)).data));
    } finally {
      await movie.close();
    }
  });

  it('swaps a big-endian file\'s values in place to the same numbers', async () => {
    const path = join(dir, 'big.mrc');
    const values = [frame([0, 1, 300, -2, 4, 5, 6, 32000])];
    await writeMrcFile(path, values, { mode: 1, littleEndian: false });
    const movie = await openMrcMovie(path);
    try {
      expect(Array.from(await movie.readSamples!(0))).toEqual([0, 1, 300, -2, 4, 5, 6, 32000]);
      expect(Array.from((await movie.readFrame(0)).data)).toEqual([0, 1, 300, -2, 4, 5, 6, 32000]);
    } finally {
      await movie.close();
    }
  });

  it('gives int16, uint16 and float32 frames in their own type with readFrame\'s values', async () => {
    for (const [mode, Type] of [[1, Int16Array], [6, Uint16Array], [2, Float32Array]] as const) {
      for (const { samples, frame: f } of await samplesAndFrames(`m${mode}.mrc`, COUNTS, mode)) {
        expect(samples).toBeInstanceOf(Type);
        expect(Array.from(samples)).toEqual(Array.from(f.data));
      }
    }
  });
});
