// Reads a gain reference (MRC, TIFF, or Thermo Fisher EER `.gain`) as a per-pixel multiplier plus defects.

import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';
import { detectMovieFormatOfSource } from '../formats/detectFormat.js';
import { openMrcFile } from '../formats/mrc/index.js';
import { fileSource, readAllIfds, tagText } from '../formats/tiff/ifd.js';
import { openTiffMovie } from '../formats/tiff/read.js';
import { Tag } from '../formats/tiff/tags.js';
import type { DefectRect } from './defectFile.js';
import { parseEerGainDefects } from './eerDefects.js';
import { rotateFlipGain } from './rotateFlip.js';
import type { RotateFlipGainOptions } from './rotateFlip.js';

export interface ReadGainReferenceOptions extends RotateFlipGainOptions {
  /**
   * How to read the file: 'multiplier' = a MotionCor2/RELION gain (frame × gain); 'eer' = a Thermo Fisher
   * `.gain` (a sensitivity map, inverted to mean/g with 0 kept as 0 = defect, RELION renderEER.h
   * loadEERGain). @default 'eer' for names ending in ".gain", else 'multiplier'
   */
  kind?: 'multiplier' | 'eer';
}

export interface GainReference {
  /** Multiply frames by this. */
  gain: Image2D;
  /** Defects listed inside the file (EER `.gain` tag 65100), in the gain's final orientation only if no rotate/flip. */
  defects: DefectRect[];
}

/**
 * MRC: first section as stored. TIFF: first page, y-flipped like TIFF movies (RELION/MotionCor2 read TIFF
 * gains the same way as TIFF movies). EER `.gain`: first page NOT flipped, because EER frames are not
 * flipped either (RELION reverts its TIFF reader's flip for `.gain`). Then rotation and flip (MotionCor2 order).
 */
export async function readGainReference(path: string, options: ReadGainReferenceOptions = {}): Promise<GainReference> {
  const kind = options.kind ?? (path.toLowerCase().endsWith('.gain') ? 'eer' : 'multiplier');
  const src = await fileSource(path).catch((err: unknown) => {
    throw new InvalidInputError(`gain "${path}": cannot read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  let format;
  let defectXml: string | undefined;
  try {
    format = await detectMovieFormatOfSource(src);
    if (format === 'tiff') defectXml = tagText((await readAllIfds(src)).ifds[0], Tag.EerGainDefects);
  } finally {
    await src.close();
  }
  if (format !== 'tiff' && format !== 'mrc') throw new InvalidInputError(`gain "${path}": not an MRC or TIFF gain reference`);
  let gain = format === 'mrc' ? await firstMrcSection(path) : await firstTiffPage(path, kind === 'eer');
  const defects = defectXml ? parseEerGainDefects(defectXml, gain) : [];
  if (kind === 'eer') gain = invertSensitivity(gain);
  return { gain: rotateFlipGain(gain, options), defects };
}

async function firstMrcSection(path: string): Promise<Image2D> {
  const r = await openMrcFile(path);
  try {
    return await r.readFrame(0);
  } finally {
    await r.close();
  }
}

async function firstTiffPage(path: string, unflip: boolean): Promise<Image2D> {
  const r = await openTiffMovie(path);
  const img = await r.readFrame(0);
  await r.close();
  if (!unflip) return img;
  const { width, height, data } = img;
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) out.set(data.subarray((height - 1 - y) * width, (height - y) * width), y * width);
  return { width, height, data: out };
}

/** mean(g)/g per pixel, 0 where g = 0 (a defect), as RELION loadEERGain does for `.gain` files. */
function invertSensitivity(g: Image2D): Image2D {
  let sum = 0;
  for (const v of g.data) sum += v;
  const mean = sum / g.data.length;
  return { width: g.width, height: g.height, data: g.data.map((v) => (v !== 0 ? mean / v : 0)) };
}
