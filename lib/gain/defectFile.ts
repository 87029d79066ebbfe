// MotionCor2 -DefectFile text ("x y w h" per line) to defect rectangles, and rectangles to a pixel mask.

import { InvalidInputError } from '../errors.js';

/** A rectangle of bad pixels: columns x..x+w-1, rows y..y+h-1 (a point is w = h = 1, a column h = height). */
export interface DefectRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Parses MotionCor2 defect text: one `x y w h` per line (blank lines and `#` comments ignored). */
export function parseDefectFile(text: string, name = 'defect file'): DefectRect[] {
  const rects: DefectRect[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (t === '') return;
    const parts = t.split(/[\s,]+/).map(Number);
    if (parts.length !== 4 || parts.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new InvalidInputError(`defect file "${name}" line ${i + 1}: expected "x y w h" (4 whole numbers ≥ 0), got "${t}"`);
    }
    const [x, y, w, h] = parts;
    rects.push({ x, y, w, h });
  });
  return rects;
}

/** A width×height mask with 1 at every defect pixel (rectangles clipped to the image). */
export function defectMask(rects: DefectRect[], width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const r of rects) {
    for (let y = Math.max(0, r.y); y < Math.min(height, r.y + r.h); y++) {
      mask.fill(1, y * width + Math.max(0, r.x), y * width + Math.min(width, r.x + r.w));
    }
  }
  return mask;
}
