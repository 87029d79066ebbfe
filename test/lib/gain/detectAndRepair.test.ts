// Hot-pixel detection on synthetic Poisson sums, defect files, defect repair, gain application.
import { describe, expect, it } from 'vitest';
import { applyGain } from '../../../lib/gain/applyGain.js';
import { defectMask, parseDefectFile } from '../../../lib/gain/defectFile.js';
import { parseEerGainDefects } from '../../../lib/gain/eerDefects.js';
import { detectHotPixels } from '../../../lib/gain/hotPixels.js';
import { replaceDefects } from '../../../lib/gain/replaceDefects.js';

function poissonSum(w: number, h: number, lambda: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const L = Math.exp(-lambda);
  return Float32Array.from({ length: w * h }, () => {
    let k = 0;
    for (let p = rnd(); p > L; p *= rnd()) k++;
    return k;
  });
}

describe('detectHotPixels', () => {
  // λ = 20: threshold 20 + 6·√20 ≈ 46.8; P(Poisson(20) ≥ 47) ≈ 1.3e-7, so ≈ 0.01 false positives
  // are expected over 65 536 pixels × 1 image: we require none.
  it('finds planted hot pixels in a Poisson sum with no false positives', () => {
    const w = 256, h = 256;
    const data = poissonSum(w, h, 20, 7);
    const planted = Array.from({ length: 30 }, (_, i) => (i * 7919 + 123) % (w * h)).sort((a, b) => a - b);
    planted.forEach((i, k) => (data[i] = 60 + k * 20));
    expect(Array.from(detectHotPixels({ width: w, height: h, data }))).toEqual(planted);
  });

  it('flags nothing in a clean Poisson sum', () => {
    expect(detectHotPixels({ width: 256, height: 256, data: poissonSum(256, 256, 40, 11) })).toHaveLength(0);
  });
});

describe('defect files', () => {
  it('parses MotionCor2 "x y w h" lines and builds a clipped mask', () => {
    const rects = parseDefectFile('# SerialEM-free defects\n1 0 1 3\n\n3 2 5 1\n');
    expect(rects).toEqual([{ x: 1, y: 0, w: 1, h: 3 }, { x: 3, y: 2, w: 5, h: 1 }]);
    expect(Array.from(defectMask(rects, 5, 3))).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1]);
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseDefectFile('1 2 3 4\n5 6 x 8', 'd.txt')).toThrow('defect file "d.txt" line 2: expected "x y w h" (4 whole numbers ≥ 0), got "5 6 x 8"');
  });

  it('reads the defect XML of an EER .gain file', () => {
    const xml = '<defects><point>10,20</point><area>1,2,3,5</area><col>7-8</col><row>4-4</row></defects>';
    expect(parseEerGainDefects(xml, { width: 64, height: 32 })).toEqual([
      { x: 10, y: 20, w: 1, h: 1 }, { x: 1, y: 2, w: 3, h: 4 }, { x: 7, y: 0, w: 2, h: 32 }, { x: 0, y: 4, w: 64, h: 1 },
    ]);
  });
});

describe('replaceDefects', () => {
  it('uses the median of the good 3×3 neighbours', () => {
    // 3×3, centre bad (99) with its right neighbour also bad: good neighbours 1 2 3 4 7 8 9 → median 4.
    const img = { width: 3, height: 3, data: Float32Array.from([1, 2, 3, 4, 99, 50, 7, 8, 9]) };
    const mask = Uint8Array.from([0, 0, 0, 0, 1, 1, 0, 0, 0]);
    const out = replaceDefects(img, mask);
    expect(out.data[4]).toBe(4);
    expect(out.data[5]).toBe(5.5); // good neighbours of (2,1): 2 3 8 9 → (3 + 8) / 2
    expect(img.data[4]).toBe(99);
  });
});

describe('applyGain', () => {
  it('multiplies pixel by pixel and up-samples a gain by a whole factor', () => {
    const frame = { width: 4, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    expect(Array.from(applyGain(frame, { width: 4, height: 2, data: new Float32Array(8).fill(2) }).data)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(Array.from(applyGain(frame, { width: 2, height: 1, data: Float32Array.from([1, 10]) }).data)).toEqual([1, 2, 30, 40, 5, 6, 70, 80]);
  });

  it('names both files and sizes on a mismatch', () => {
    const frame = { width: 4096, height: 4096, data: new Float32Array(1) };
    const gain = { width: 4092, height: 4096, data: new Float32Array(1) };
    expect(() => applyGain(frame, gain, { movieName: 'm.tif', gainName: 'g.mrc' })).toThrow('gain "g.mrc": expected 4096×4096 to match movie "m.tif", got 4092×4096');
  });
});
