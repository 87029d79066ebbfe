// TIFF movie writer/reader: round trips, libtiff (tiffinfo/tiffcp) agreement, y flip, errors.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Image2D } from '../../../../lib/image.js';
import { openTiffMovie } from '../../../../lib/formats/tiff/read.js';
import { writeTiffMovie } from '../../../../lib/formats/tiff/write.js';
import { encodeTiff } from '../../../../lib/formats/tiff/container.js';
import { bufferSource, readAllIfds, readRawStrips, tagNumber } from '../../../../lib/formats/tiff/ifd.js';
import type { TiffTag } from '../../../../lib/formats/tiff/container.js';
import { FieldType, Tag } from '../../../../lib/formats/tiff/tags.js';

/** Tags of an uncompressed single-strip grey page. */
function plainTags(w: number, h: number, bits: number): TiffTag[] {
  return [
    { tag: Tag.ImageWidth, type: FieldType.LONG, values: [w] },
    { tag: Tag.ImageLength, type: FieldType.LONG, values: [h] },
    { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: [bits] },
    { tag: Tag.Compression, type: FieldType.SHORT, values: [1] },
    { tag: Tag.Photometric, type: FieldType.SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [1] },
    { tag: Tag.RowsPerStrip, type: FieldType.LONG, values: [h] },
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'tiff-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic frames with values that exercise the full range of each sample type. */
function frames(bits: 8 | 16 | 32, w: number, h: number, n: number): Image2D[] {
  return Array.from({ length: n }, (_, f) => ({
    width: w,
    height: h,
    data: Float32Array.from({ length: w * h }, (_, i) => {
      if (bits === 32) return Math.fround(Math.sin(i * 0.1 + f) * 1e4 - i * 1e-3);
      return ((i * 2654435761 + f * 97) >>> 0) % (bits === 8 ? 256 : 65536);
    }),
  }));
}

async function readAll(path: string): Promise<Image2D[]> {
  const r = await openTiffMovie(path);
  const out: Image2D[] = [];
  for (let i = 0; i < r.frameCount; i++) out.push(await r.readFrame(i));
  await r.close();
  return out;
}

describe('writeTiffMovie / openTiffMovie', () => {
  const cases = [8, 16, 32].flatMap((bits) => (['lzw', 'deflate', 'none'] as const).map((c) => [bits as 8 | 16 | 32, c] as const));
  it.each(cases)('round-trips %i-bit %s exactly', async (bits, compression) => {
    const src = frames(bits, 37, 23, 3);
    const p = join(dir, `rt_${bits}_${compression}.tif`);
    await writeTiffMovie(p, src, { bitsPerSample: bits, compression, pixelSizeA: 1.05, stripBytes: 300 });
    const r = await openTiffMovie(p);
    expect([r.width, r.height, r.frameCount, r.format]).toEqual([37, 23, 3, 'tiff']);
    expect(r.pixelSizeA).toBeCloseTo(1.05, 6);
    await r.close();
    const back = await readAll(p);
    back.forEach((b, i) => expect(b.data).toEqual(src[i].data));
  });

  it('writes LZW that libtiff reads: tiffinfo shows pages, size, bits, LZW; tiffcp decodes the same pixels', async () => {
    const src = frames(16, 301, 40, 2); // 301×40×2 B per frame, in several strips, with LZW code-width changes
    const p = join(dir, 'lzw16.tif');
    await writeTiffMovie(p, src, { bitsPerSample: 16, compression: 'lzw' });
    const info = execFileSync('tiffinfo', [p], { encoding: 'utf8' });
    expect(info.match(/TIFF Directory at offset/g)).toHaveLength(2);
    expect(info).toMatch(/Image Width: 301 Image Length: 40/);
    expect(info).toMatch(/Bits\/Sample: 16/);
    expect(info).toMatch(/Compression Scheme: LZW/);
    const plain = join(dir, 'lzw16_plain.tif');
    execFileSync('tiffcp', ['-c', 'none', '-r', '40', p, plain]);
    const bytes = new Uint8Array(readFileSync(plain));
    const src2 = bufferSource(bytes);
    const { ifds } = await readAllIfds(src2);
    expect(ifds.map((d) => tagNumber(d, Tag.Compression))).toEqual([1, 1]);
    for (let f = 0; f < 2; f++) {
      const raw = await readRawStrips(src2, ifds[f]);
      const u16 = new Uint16Array(raw.slice().buffer);
      // TIFF row y holds image row 39 - y (the y flip).
      for (let y = 0; y < 40; y++) for (let x = 0; x < 301; x += 7) expect(u16[y * 301 + x]).toBe(src[f].data[(39 - y) * 301 + x]);
    }
  });

  it('writes large LZW strips that cross the 4094-code Clear, read back by tiffcp', async () => {
    const src = frames(8, 512, 256, 1); // one 128 KiB strip of noisy bytes: many table resets
    const p = join(dir, 'lzw8big.tif');
    await writeTiffMovie(p, src, { bitsPerSample: 8, compression: 'lzw', stripBytes: 1 << 20 });
    const plain = join(dir, 'lzw8big_plain.tif');
    execFileSync('tiffcp', ['-c', 'none', p, plain]);
    const s = bufferSource(new Uint8Array(readFileSync(plain)));
    const raw = await readRawStrips(s, (await readAllIfds(s)).ifds[0]);
    const expected = new Uint8Array(512 * 256);
    for (let y = 0; y < 256; y++) for (let x = 0; x < 512; x++) expected[y * 512 + x] = src[0].data[(255 - y) * 512 + x];
    expect(raw).toEqual(expected);
  });

  it('reads a TIFF that tiffcp -c lzw wrote, with exact values', async () => {
    // An uncompressed 2-page uint16 TIFF built by hand, then LZW-compressed by libtiff.
    const w = 50, h = 9;
    const pages = [0, 1].map((f) => ({ v: new Uint16Array(w * h).map((_, i) => (i * 131 + f * 7000) % 65536) }));
    const plain = join(dir, 'hand.tif');
    writeFileSync(plain, await encodeTiff(pages.map(({ v }) => ({ tags: plainTags(w, h, 16), strips: [new Uint8Array(v.buffer)] }))));
    const lzw = join(dir, 'hand_lzw.tif');
    execFileSync('tiffcp', ['-c', 'lzw', plain, lzw]);
    expect(execFileSync('tiffinfo', [lzw], { encoding: 'utf8' })).toMatch(/Compression Scheme: LZW/);
    const back = await readAll(lzw);
    expect(back).toHaveLength(2);
    back.forEach((img, f) => {
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(img.data[y * w + x]).toBe(pages[f].v[(h - 1 - y) * w + x]);
    });
  });

  it('flips in y: image row 0 is the last TIFF row', async () => {
    // 3×2 asymmetric frame; image rows [1 2 3] / [4 5 6] are stored as TIFF rows [4 5 6] / [1 2 3].
    const p = join(dir, 'flip.tif');
    await writeTiffMovie(p, [{ width: 3, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) }], { bitsPerSample: 8, compression: 'none' });
    const s = bufferSource(new Uint8Array(readFileSync(p)));
    expect(Array.from(await readRawStrips(s, (await readAllIfds(s)).ifds[0]))).toEqual([4, 5, 6, 1, 2, 3]);
    expect(Array.from((await readAll(p))[0].data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects values an integer TIFF cannot hold, naming frame and pixel', async () => {
    const bad = { width: 2, height: 2, data: Float32Array.from([0, 1, 256, 3]) };
    await expect(writeTiffMovie(join(dir, 'bad.tif'), [bad], { bitsPerSample: 8 })).rejects.toThrow('TIFF movie "' + join(dir, 'bad.tif') + '" frame 0 pixel (0, 1): 8-bit TIFF needs whole numbers 0..255, got 256');
  });

  it('rejects a movie whose pages differ in size', async () => {
    const p = join(dir, 'mixed.tif');
    writeFileSync(p, await encodeTiff([4, 5].map((w) => ({ tags: plainTags(w, 2, 8), strips: [new Uint8Array(w * 2)] }))));
    await expect(openTiffMovie(p)).rejects.toThrow(`TIFF movie "${p}" page 1: frame sizes differ: expected 4×2, got 5×2`);
  });

  it('rejects a truncated file with the file name', async () => {
    const p = join(dir, 'cut.tif');
    await writeTiffMovie(p, frames(8, 16, 16, 2), { bitsPerSample: 8, compression: 'none' });
    const b = readFileSync(p);
    writeFileSync(p, b.subarray(0, b.length - 40));
    await expect(openTiffMovie(p)).rejects.toThrow(new RegExp(`TIFF movie "${p}": .*truncated`));
  });
});
