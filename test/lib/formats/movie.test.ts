// openMovie / detectMovieFormat: format by content, MRC via lib/formats/mrc, clear errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { detectMovieFormat, openMovie } from '../../../lib/formats/movie.js';
import { encodeEer } from '../../../lib/formats/eer/encode.js';
import { writeTiffMovie } from '../../../lib/formats/tiff/write.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sharedData = resolve(repoRoot, '../shared/data');
const dir = mkdtempSync(join(tmpdir(), 'movie-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detectMovieFormat', () => {
  it('tells TIFF, EER and MRC from their first bytes and refuses others', async () => {
    const eer = await encodeEer([{ events: Uint32Array.from([3]) }], { width: 8, height: 8 });
    // Our EER writer puts the first IFD after the first frame's strip, so it is inside the first KiB.
    expect(detectMovieFormat(eer.subarray(0, 1024))).toBe('eer');
    const tif = join(dir, 'a.tif');
    await writeTiffMovie(tif, [{ width: 2, height: 2, data: new Float32Array(4) }], { bitsPerSample: 8 });
    expect(detectMovieFormat(readFileSync(tif))).toBe('tiff');
    expect(detectMovieFormat(readFileSync(join(sharedData, 'cistem_hiv_images_shift_noise_80x80x10.mrc')).subarray(0, 1024))).toBe('mrc');
    expect(detectMovieFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]))).toBeNull();
    expect(detectMovieFormat(new TextEncoder().encode('hello, this is not a movie'))).toBeNull();
  });
});

describe('openMovie', () => {
  it('reads an MRC movie frame by frame (cisTEM HIV mini movie: frame 0 first pixel -0.340068)', async () => {
    const m = await openMovie(join(sharedData, 'cistem_hiv_images_shift_noise_80x80x10.mrc'));
    expect([m.format, m.width, m.height, m.frameCount]).toEqual(['mrc', 80, 80, 10]);
    const f0 = await m.readFrame(0);
    expect(f0.data[0]).toBeCloseTo(-0.340068, 5);
    expect(f0.data[80 * 80 - 1]).toBeCloseTo(0.637069, 5);
    await expect(m.readFrame(10)).rejects.toThrow('frame 10 does not exist (the movie has 10 frames)');
    await m.close();
  });

  it('reads a TIFF movie with its pixel size', async () => {
    const p = join(dir, 'b.tif');
    await writeTiffMovie(p, [0, 1, 2].map((k) => ({ width: 3, height: 2, data: Float32Array.from([k, 1, 2, 3, 4, 5]) })), { bitsPerSample: 16, pixelSizeA: 0.5 });
    const m = await openMovie(p);
    expect([m.format, m.frameCount, m.pixelSizeA]).toEqual(['tiff', 3, 0.5]);
    expect(Array.from((await m.readFrame(2)).data)).toEqual([2, 1, 2, 3, 4, 5]);
    await m.close();
  });

  it('refuses a file that is not a movie, naming it', async () => {
    const p = join(dir, 'notes.txt');
    writeFileSync(p, 'just some text that is long enough '.repeat(10));
    await expect(openMovie(p)).rejects.toThrow(`movie "${p}": not a movie (not TIFF, EER or MRC by its first bytes)`);
  });

  it('names a missing file', async () => {
    const p = join(dir, 'missing.mrc');
    await expect(openMovie(p)).rejects.toThrow(new RegExp(`movie "${p}": cannot read: .*ENOENT`));
  });
});
