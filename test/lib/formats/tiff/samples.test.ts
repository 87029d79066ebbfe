// A TIFF movie's frames in their stored type (readSamples): readFrame's values and orientation, flipped in place.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Image2D } from '../../../../lib/image.js';
import { openTiffMovie } from '../../../../lib/formats/tiff/read.js';
import { writeTiffMovie } from '../../../../lib/formats/tiff/write.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tiff-samples-')); });
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Distinct values per pixel and frame, so a row out of place or a frame mixed up shows. */
function frames(bits: 8 | 16 | 32, w: number, h: number): Image2D[] {
  return [0, 1].map((f) => ({
    width: w,
    height: h,
    data: Float32Array.from({ length: w * h }, (_, i) => (bits === 32 ? Math.fround(i * 0.37 - f * 5.5) : (i * 7 + f * 13) % (bits === 8 ? 256 : 65536))),
  }));
}

describe('TIFF movie samples', () => {
  // Odd and even heights: the middle row of an odd height stays where it is when rows are flipped in place.
  it.each([[8, 6, 5, Uint8Array], [8, 4, 4, Uint8Array], [16, 5, 7, Uint16Array], [32, 3, 4, Float32Array]] as const)(
    'gives %i-bit %i×%i frames in their own type with readFrame\'s values, flipped in place', async (bits, w, h, Type) => {
      const path = join(dir, `m${bits}-${w}x${h}.tif`);
      const written = frames(bits, w, h);
      await writeTiffMovie(path, written, { bitsPerSample: bits });
      const movie = await openTiffMovie(path);
      try {
        for (let i = 0; i < written.length; i++) {
          const f = await movie.readFrame(i);
          expect(Array.from(f.data)).toEqual(Array.from(written[i].data));
          const own = await movie.readSamples!(i);
          expect(own).toBeInstanceOf(Type);
          expect(Array.from(own)).toEqual(Array.from(f.data));
        }
      } finally {
        await movie.close();
      }
    });
});
