// rotateFlipGain: all 4 rotations × 3 flips on a hand-worked 3×2 array, and MC3's general formula.
import { describe, expect, it } from 'vitest';
import { rotateFlipGain } from '../../../lib/gain/rotateFlip.js';

// Input W = 3, H = 2, row 0 = [1 2 3]. Shown with y up (MRC): top row 4 5 6, bottom row 1 2 3.
const input = { width: 3, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };

// Expected rows (row 0 first), worked by hand: rot 1 is 90° counter-clockwise with y up
// (6 3 / 5 2 / 4 1 top to bottom), flip 1 reverses the rows, flip 2 reverses each row.
const table: [0 | 1 | 2 | 3, 0 | 1 | 2, number[][]][] = [
  [0, 0, [[1, 2, 3], [4, 5, 6]]], [0, 1, [[4, 5, 6], [1, 2, 3]]], [0, 2, [[3, 2, 1], [6, 5, 4]]],
  [1, 0, [[4, 1], [5, 2], [6, 3]]], [1, 1, [[6, 3], [5, 2], [4, 1]]], [1, 2, [[1, 4], [2, 5], [3, 6]]],
  [2, 0, [[6, 5, 4], [3, 2, 1]]], [2, 1, [[3, 2, 1], [6, 5, 4]]], [2, 2, [[4, 5, 6], [1, 2, 3]]],
  [3, 0, [[3, 6], [2, 5], [1, 4]]], [3, 1, [[1, 4], [2, 5], [3, 6]]], [3, 2, [[6, 3], [5, 2], [4, 1]]],
];

describe('rotateFlipGain', () => {
  it.each(table)('rotate %i, flip %i', (rotate, flip, rows) => {
    const out = rotateFlipGain(input, { rotate, flip });
    expect([out.width, out.height]).toEqual([rows[0].length, rows.length]);
    expect(Array.from(out.data)).toEqual(rows.flat());
  });

  it.each([0, 1, 2, 3] as const)('matches MC3 G90Rotate2D formula for rotation %i on a 5×3 image', (rot) => {
    const W = 5, H = 3;
    const img = { width: W, height: H, data: Float32Array.from({ length: W * H }, (_, i) => i * 10 + 1) };
    const out = rotateFlipGain(img, { rotate: rot });
    const [cos, sin] = [[1, 0], [0, 1], [-1, 0], [0, -1]][rot];
    for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) {
      const nx = x - (out.width - 1) * 0.5, ny = y - (out.height - 1) * 0.5;
      const ix = Math.trunc(nx * cos + ny * sin + (W - 1) * 0.5 + 0.5);
      const iy = Math.trunc(-nx * sin + ny * cos + (H - 1) * 0.5 + 0.5);
      expect(out.data[y * out.width + x]).toBe(img.data[iy * W + ix]);
    }
  });

  it('rejects an out-of-range rotation', () => {
    expect(() => rotateFlipGain(input, { rotate: 4 as 0 })).toThrow('gain rotation must be 0..3 quarter turns, got 4');
  });
});
