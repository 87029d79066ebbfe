// TIFF LZW decoding and strip plans: our encoder's and libtiff's (tiffcp) streams decode to the pixels; bad input names the strip.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Image2D } from '../../../../lib/image.js';
import { decodeLzw, decodeStrips, encodeLzw, fileSource, isMsbLzw, LzwError, openTiffMovie, readAllIfds, stripPlanOf, writeTiffMovie } from '../../../../lib/formats/tiff/index.js';
import type { TiffStripPlan } from '../../../../lib/formats/tiff/index.js';
import { InvalidInputError } from '../../../../lib/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lzw-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Counts like a counting camera's (mostly 0–3), a run of zeros, and a few bright pixels. */
function countsImage(width: number, height: number, seed: number): Image2D {
  let s = seed;
  const data = Float32Array.from({ length: width * height }, (_, p) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    if (p % 97 === 5) return 200 + (s % 50);
    return p > width && p < 3 * width ? 0 : (s >>> 16) % 4;
  });
  return { width, height, data };
}

/** Decodes every strip of `plan` into one page (TIFF row order). */
function decodePage(plan: TiffStripPlan): Uint8Array {
  const page = new Uint8Array(plan.width * plan.height);
  decodeStrips(plan, 0, plan.strips.length, new Uint8Array(plan.rowsPerStrip * plan.width), (y0, rows, bytes) => page.set(bytes.subarray(0, rows * plan.width), y0 * plan.width));
  return page;
}

/** The image as TIFF stores it: rows flipped (the y flip of our writer and every reader). */
function tiffRows(img: Image2D): Uint8Array {
  const out = new Uint8Array(img.width * img.height);
  for (let y = 0; y < img.height; y++) out.set(img.data.subarray((img.height - 1 - y) * img.width, (img.height - y) * img.width), y * img.width);
  return out;
}

describe('decodeLzw', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(7)],
    ['a run (KwKwK codes, strings over 24 bytes)', new Uint8Array(5000).fill(3)],
    ['noisy bytes past 4,094 codes (Clear mid-strip, every code width)', Uint8Array.from({ length: 60000 }, (_, i) => (i * 2654435761) >>> 24)],
    ['counts', Uint8Array.from({ length: 20000 }, (_, i) => ((i * 7) ^ (i >> 3)) % 5)],
  ])('gives back what encodeLzw compressed: %s', (_, input) => {
    const packed = encodeLzw(input);
    expect(isMsbLzw(packed)).toBe(true);
    const out = new Uint8Array(input.length + 8).fill(99);
    expect(decodeLzw(packed, out, 4, input.length)).toBe(input.length);
    expect(Array.from(out.subarray(4, 4 + input.length))).toEqual(Array.from(input));
    expect(Array.from(out.subarray(0, 4))).toEqual([99, 99, 99, 99]); // nothing written outside the range
    expect(Array.from(out.subarray(4 + input.length))).toEqual([99, 99, 99, 99]);
  });

  it('stops at the end of the range, reports a short stream, and rejects a code not in the table', () => {
    const input = Uint8Array.from({ length: 3000 }, (_, i) => i % 11);
    const packed = encodeLzw(input);
    const part = new Uint8Array(1000);
    expect(decodeLzw(packed, part)).toBe(1000);
    expect(Array.from(part)).toEqual(Array.from(input.subarray(0, 1000)));
    expect(decodeLzw(packed.subarray(0, packed.length >> 1), new Uint8Array(3000))).toBeLessThan(3000);
    // Clear, then code 511 while the next free code is 258.
    expect(() => decodeLzw(Uint8Array.of(0x80, 0x7f, 0xc0, 0, 0), new Uint8Array(10))).toThrow(LzwError);
  });
});

describe('TIFF strips decoded without sharp', () => {
  it('decodes libtiff\'s LZW (tiffcp -c lzw) and plain strips to the same pixels as sharp', async () => {
    const frames = [countsImage(36, 30, 1), countsImage(36, 30, 2)];
    const plain = join(dir, 'plain.tif');
    await writeTiffMovie(plain, frames, { bitsPerSample: 8, compression: 'none', stripBytes: 36 * 7 });
    const lzw = join(dir, 'libtiff-lzw.tif');
    execFileSync('tiffcp', ['-c', 'lzw', '-r', '8', plain, lzw]);
    for (const path of [plain, lzw]) {
      const movie = await openTiffMovie(path);
      for (let i = 0; i < 2; i++) {
        const plan = movie.stripPlan(i);
        expect(plan).not.toBeNull();
        expect(plan?.strips.length).toBeGreaterThan(2);
        expect(Array.from(decodePage(plan as TiffStripPlan))).toEqual(Array.from(tiffRows(frames[i])));
        const samples = await movie.readSamples?.(i); // sharp: rows flipped back
        expect(Array.from(samples ?? [])).toEqual(Array.from(frames[i].data));
      }
      await movie.close();
    }
  });

  it('leaves to sharp what it does not decode: 16-bit samples, a predictor', async () => {
    const frames = [countsImage(16, 8, 3)];
    const p16 = join(dir, 'p16.tif');
    await writeTiffMovie(p16, frames, { bitsPerSample: 16, compression: 'lzw' });
    expect((await openTiffMovie(p16)).stripPlan(0)).toBeNull();
    const p8 = join(dir, 'p8.tif');
    await writeTiffMovie(p8, frames, { bitsPerSample: 8, compression: 'none' });
    const predicted = join(dir, 'predicted.tif');
    execFileSync('tiffcp', ['-c', 'lzw:2', p8, predicted]);
    const src = await fileSource(predicted);
    const { ifds } = await readAllIfds(src);
    await src.close();
    expect(stripPlanOf(ifds[0], predicted, 0)).toBeNull();
    expect((await openTiffMovie(predicted)).stripPlan(0)).toBeNull();
  });

  it('names the file, page and strip of a truncated movie', async () => {
    const frames = [countsImage(32, 24, 4), countsImage(32, 24, 5)];
    const p = join(dir, 'cut.tif');
    await writeTiffMovie(p, frames, { bitsPerSample: 8, compression: 'lzw', stripBytes: 32 * 4 });
    const movie = await openTiffMovie(p);
    const plan = movie.stripPlan(0) as TiffStripPlan;
    const [lastOffset] = plan.strips[plan.strips.length - 1];
    expect(lastOffset).toBeLessThan(statSync(p).size);
    truncateSync(p, lastOffset + 1);
    const err = (() => {
      try {
        decodePage(plan);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(String((err as Error).message)).toMatch(new RegExp(`cut\\.tif" page 0 strip ${plan.strips.length - 1}: .*truncated`));
  });
});
