// MotionCor2 defects: -DefectFile text ("x y w h" per line) or -DefectMap (MRC/TIFF, 1 = bad) to a pixel mask, and back.

import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';
import { detectMovieFormatOfFile } from '../formats/detectFormat.js';
import { openMrcFile } from '../formats/mrc/index.js';
import { openTiffMovie } from '../formats/tiff/read.js';

/** A rectangle of bad pixels: columns x..x+w-1, rows y..y+h-1 (a point is w = h = 1, a column h = height). */
export interface DefectRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rectangles with the 1-based line each came from, for messages. */
function parseDefectLines(text: string, name: string): { rect: DefectRect; line: number }[] {
  const out: { rect: DefectRect; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.replace(/#.*/, '').trim();
    if (t === '') return;
    const parts = t.split(/[\s,]+/).map(Number);
    if (parts.length !== 4 || parts.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new InvalidInputError(`defect file "${name}" line ${i + 1}: expected "x y w h" (4 whole numbers ≥ 0), got "${t}"`);
    }
    const [x, y, w, h] = parts;
    out.push({ rect: { x, y, w, h }, line: i + 1 });
  });
  return out;
}

/** Parses MotionCor2 defect text: one `x y w h` per line (blank lines and `#` comments ignored). */
export function parseDefectFile(text: string, name = 'defect file'): DefectRect[] {
  return parseDefectLines(text, name).map((l) => l.rect);
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

/**
 * The inverse of defectMask: runs of bad pixels per row, merged down while the next row has the same run
 * (a bad column is one rectangle, not `height` of them). For handing a mask to MotionCor2 as -DefectFile.
 */
export function defectRects(mask: Uint8Array, width: number, height: number): DefectRect[] {
  const done: DefectRect[] = [];
  let open = new Map<string, DefectRect>();
  for (let y = 0; y < height; y++) {
    const next = new Map<string, DefectRect>();
    for (let x = 0; x < width; ) {
      if (!mask[y * width + x]) { x++; continue; }
      const x0 = x;
      while (x < width && mask[y * width + x]) x++;
      const key = `${x0},${x}`;
      const prev = open.get(key);
      if (prev) { prev.h++; open.delete(key); next.set(key, prev); } else next.set(key, { x: x0, y, w: x - x0, h: 1 });
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done.sort((a, b) => a.y - b.y || a.x - b.x);
}

/** MotionCor2 -DefectFile text for `rects`. */
export function formatDefectFile(rects: DefectRect[]): string {
  return rects.map((r) => `${r.x} ${r.y} ${r.w} ${r.h}\n`).join('');
}

export interface ReadDefectFileOptions {
  /**
   * Read a TIFF defect map y-flipped, as TIFF movies are read, so it overlays the frames ("same orientation
   * as the movie", reference §1.3). Pass false for EER movies, whose frames are not flipped (the same rule
   * readGainReference applies to EER `.gain` files). @default true
   */
  flipTiff?: boolean;
}

/**
 * A width×height mask (1 = bad) from a MotionCor2/RELION defect file, recognised by content: an MRC or
 * TIFF defect map (one section, the movie's size, values 0 or 1), else `x y w h` text in frame pixels
 * (row 0 = the first row of the frames as read). Rectangles partly outside the frame are clipped, as
 * MotionCor3 (BadPixel/CDetectMain mLoadDefectFile) and RELION (fillDefectMask) do; one wholly outside
 * is an error, since it means the file was made for another camera size.
 */
export async function readDefectFile(path: string, width: number, height: number, options: ReadDefectFileOptions = {}): Promise<Uint8Array> {
  const format = await detectMovieFormatOfFile(path, 'defect file');
  if (format === 'eer') throw new InvalidInputError(`defect file "${path}": an EER movie, not a defect map (MRC or TIFF, 1 = bad) or "x y w h" text`);
  if (format === 'mrc' || format === 'tiff') return mapToMask(await readMap(path, format, options.flipTiff ?? true), path, width, height);
  return textToMask(await readFile(path, 'utf8'), path, width, height);
}

function textToMask(text: string, path: string, width: number, height: number): Uint8Array {
  if (text.includes('\0')) throw new InvalidInputError(`defect file "${path}": binary data, but not an MRC or TIFF defect map; expected a map or "x y w h" text`);
  // The keywords RELION's detectSerialEMDefectText looks for; RELION ignores such files, we refuse them.
  const serialEm = text.split(/\r?\n/).findIndex((l) => /CameraSize|RotationAndFlip|K2Type|Bad/.test(l.replace(/#.*/, '')));
  if (serialEm >= 0) {
    throw new InvalidInputError(`defect file "${path}" line ${serialEm + 1}: a SerialEM defect list, not MotionCor2 "x y w h" rectangles (RELION does not read these either); convert it to a defect map first`);
  }
  const lines = parseDefectLines(text, path);
  for (const { rect: r, line } of lines) {
    const where = `defect file "${path}" line ${line}: rectangle "${r.x} ${r.y} ${r.w} ${r.h}"`;
    if (r.w === 0 || r.h === 0) throw new InvalidInputError(`${where} covers no pixels (w and h must be ≥ 1)`);
    if (r.x >= width || r.y >= height) throw new InvalidInputError(`${where} lies outside the ${width}×${height} frame`);
  }
  return defectMask(lines.map((l) => l.rect), width, height);
}

async function readMap(path: string, format: 'mrc' | 'tiff', flipTiff: boolean): Promise<Image2D> {
  const reader = format === 'mrc' ? await openMrcFile(path) : await openTiffMovie(path);
  try {
    if (reader.frameCount !== 1) throw new InvalidInputError(`defect map "${path}": expected 1 section, got ${reader.frameCount} (a movie?)`);
    const img = await reader.readFrame(0);
    return format === 'tiff' && !flipTiff ? flipRows(img) : img;
  } finally {
    await reader.close();
  }
}

function flipRows({ width, height, data }: Image2D): Image2D {
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) out.set(data.subarray((height - 1 - y) * width, (height - y) * width), y * width);
  return { width, height, data: out };
}

/** MotionCor3 keeps bit 0 and RELION any non-zero value; only 0 and 1 mean the same to both, so others are refused. */
function mapToMask(img: Image2D, path: string, width: number, height: number): Uint8Array {
  if (img.width !== width || img.height !== height) {
    throw new InvalidInputError(`defect map "${path}": expected ${width}×${height} to match the movie, got ${img.width}×${img.height}`);
  }
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    const v = img.data[i];
    if (v !== 0 && v !== 1) {
      throw new InvalidInputError(`defect map "${path}": pixel (${i % width}, ${Math.floor(i / width)}) is ${v}; expected 0 (good) or 1 (bad)`);
    }
    mask[i] = v;
  }
  return mask;
}
