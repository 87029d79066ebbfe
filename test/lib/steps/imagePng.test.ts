// Previews: our PNG encoder, larger images block-averaged down first; sharp decodes them back.
import { describe, it, expect } from 'vitest';
import sharp from 'sharp';
import { imagePng } from '../../../lib/steps/index.js';
import { greyPng } from '../../../lib/steps/greyPng.js';

async function decode(png: Uint8Array): Promise<{ width: number; height: number; pixels: number[] }> {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: Array.from(data) };
}

describe('greyPng / imagePng', () => {
  it('greyPng writes a PNG that decodes to the same grey levels, row 0 first', async () => {
    const grey = Uint8Array.from({ length: 7 * 3 }, (_, i) => (i * 37) % 256);
    const out = await decode(greyPng(grey, 7, 3));
    expect([out.width, out.height]).toEqual([7, 3]);
    expect(out.pixels).toEqual(Array.from(grey));
  });

  it('imagePng maps mean ± 3σ to 0–255 and shrinks only images larger than maxSize', async () => {
    const img = { width: 4, height: 2, data: Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]) };
    // mean 0.5, σ 0.5: 0 → (0 − (0.5 − 1.5))·255/3 = 85, 1 → 170.
    expect((await decode(await imagePng(img))).pixels).toEqual([85, 85, 85, 85, 170, 170, 170, 170]);
    const big = { width: 64, height: 32, data: new Float32Array(64 * 32).map((_, i) => i % 5) };
    const small = await decode(await imagePng(big, { maxSize: 16 }));
    expect([small.width, small.height]).toEqual([16, 8]);
  });

  it('imagePng averages whole blocks (edge blocks over the pixels they hold) before the contrast', async () => {
    // 10×6, value = column: maxSize 4 → 3×3 blocks → 4×2 preview of column means 1, 4, 7 and 9 (the last block 1 column wide).
    const img = { width: 10, height: 6, data: Float32Array.from({ length: 60 }, (_, i) => i % 10) };
    const means = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]].map((cols) => cols.reduce((a, b) => a + b, 0) / cols.length);
    const mean = means.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(means.reduce((a, b) => a + b * b, 0) / 4 - mean * mean);
    const grey = means.map((m) => Math.round(((m - (mean - 3 * sd)) * 255) / (6 * sd)));
    const out = await decode(await imagePng(img, { maxSize: 4 }));
    expect([out.width, out.height]).toEqual([4, 2]);
    expect(out.pixels).toEqual([...grey, ...grey]);
  });
});
