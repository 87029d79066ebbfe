// readDefectFile: MotionCor2 "x y w h" text and MRC/TIFF defect maps to a movie-sized mask, with the errors they can raise.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { writeTiffMovie } from '../../../lib/formats/tiff/index.js';
import { defectMask, defectRects, formatDefectFile, readDefectFile } from '../../../lib/gain/index.js';

let dir = '';
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'defects-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function file(name: string, body: string | Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, body);
  return p;
}

/** Mask rows as strings of 0/1, row 0 first. */
function rows(mask: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < mask.length; i += width) out.push(Array.from(mask.subarray(i, i + width)).join(''));
  return out;
}

// 0/1 map of a 6×4 frame: a 2×2 block at (1, 0) and a single pixel at (5, 3).
const MAP = [
  '011000',
  '011000',
  '000000',
  '000001',
];
const mapImage = () => ({ width: 6, height: 4, data: Float32Array.from(MAP.join('').split('').map(Number)) });

describe('readDefectFile', () => {
  it('reads "x y w h" text, skipping comments, and clips a rectangle that runs off the frame', async () => {
    const p = await file('d.txt', '# from the camera vendor\n1 0 2 2\n\n5 3 4 9   # runs past the right and bottom edges\n');
    expect(rows(await readDefectFile(p, 6, 4), 6)).toEqual(MAP);
  });

  it('reads an MRC defect map (mode 0) as stored', async () => {
    const p = await file('d.mrc', encodeMrc([mapImage()], { mode: 0 }));
    expect(rows(await readDefectFile(p, 6, 4), 6)).toEqual(MAP);
  });

  it('reads a TIFF defect map the way TIFF movies are read (y-flipped), or as stored for EER movies', async () => {
    // writeTiffMovie stores frames y-flipped, as SerialEM does, so a TIFF movie and this map overlay.
    const p = join(dir, 'd.tif');
    await writeTiffMovie(p, [mapImage()], { bitsPerSample: 8 });
    expect(rows(await readDefectFile(p, 6, 4), 6)).toEqual(MAP);
    expect(rows(await readDefectFile(p, 6, 4, { flipTiff: false }), 6)).toEqual([...MAP].reverse());
  });

  it.each([
    ['a malformed number', '1 0 2 2\n3 x 1 1\n', 'line 2: expected "x y w h" (4 whole numbers ≥ 0), got "3 x 1 1"'],
    ['three numbers', '1 0 2\n', 'line 1: expected "x y w h" (4 whole numbers ≥ 0), got "1 0 2"'],
    ['a negative coordinate', '-1 0 2 2\n', 'line 1: expected "x y w h" (4 whole numbers ≥ 0), got "-1 0 2 2"'],
    ['an empty rectangle', '\n1 0 0 2\n', 'line 2: rectangle "1 0 0 2" covers no pixels (w and h must be ≥ 1)'],
    ['a rectangle wholly outside the frame', '0 0 1 1\n0 4 6 1\n', 'line 2: rectangle "0 4 6 1" lies outside the 6×4 frame'],
    ['a SerialEM defect list', 'CameraSizeX 6\nCameraSizeY 4\nBadColumns 2\n', 'line 1: a SerialEM defect list, not MotionCor2 "x y w h" rectangles'],
  ])('names the file and line of %s', async (_what, text, message) => {
    const p = await file('bad.txt', text);
    await expect(readDefectFile(p, 6, 4)).rejects.toThrow(`defect file "${p}" ${message}`);
  });

  it('refuses a map of the wrong size, values other than 0 and 1, and several sections', async () => {
    const small = await file('small.mrc', encodeMrc([{ width: 5, height: 4, data: new Float32Array(20) }], { mode: 0 }));
    await expect(readDefectFile(small, 6, 4)).rejects.toThrow(`defect map "${small}": expected 6×4 to match the movie, got 5×4`);
    const gainLike = mapImage();
    gainLike.data[7] = 0.98;
    const gain = await file('gain.mrc', encodeMrc([gainLike], { mode: 2 }));
    await expect(readDefectFile(gain, 6, 4)).rejects.toThrow(`defect map "${gain}": pixel (1, 1) is ${Math.fround(0.98)}; expected 0 (good) or 1 (bad)`);
    const stack = await file('stack.mrc', encodeMrc([mapImage(), mapImage()], { mode: 0 }));
    await expect(readDefectFile(stack, 6, 4)).rejects.toThrow(`defect map "${stack}": expected 1 section, got 2 (a movie?)`);
  });

  it('refuses binary files that are not maps, and missing files, naming them', async () => {
    const png = await file('d.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    await expect(readDefectFile(png, 6, 4)).rejects.toThrow(`defect file "${png}": binary data, but not an MRC or TIFF defect map`);
    await expect(readDefectFile(join(dir, 'none.txt'), 6, 4)).rejects.toThrow(`defect file "${join(dir, 'none.txt')}": cannot read`);
  });
});

describe('defectRects', () => {
  it('turns a mask back into rectangles that rebuild it, merging a column into one', () => {
    const mask = defectMask([{ x: 2, y: 0, w: 1, h: 4 }, { x: 4, y: 1, w: 2, h: 2 }, { x: 0, y: 3, w: 1, h: 1 }], 6, 4);
    const rects = defectRects(mask, 6, 4);
    expect(rects).toEqual([{ x: 2, y: 0, w: 1, h: 4 }, { x: 4, y: 1, w: 2, h: 2 }, { x: 0, y: 3, w: 1, h: 1 }]);
    expect(formatDefectFile(rects)).toBe('2 0 1 4\n4 1 2 2\n0 3 1 1\n');
    expect(defectMask(rects, 6, 4)).toEqual(mask);
  });
});
