// Writes a simulation to disk: the movie (MRC, LZW TIFF or EER), the clean image and gain (MRC) and truth.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeMrcFile } from '../formats/mrc/index.js';
import { writeEerFile } from '../formats/eer/index.js';
import { InvalidInputError } from '../errors.js';
import { createRng } from './random.js';
import { streamMrcMovie, streamTiffMovie } from './streamMovieFile.js';
import { eerRawFrames } from './toEerFrames.js';
import { serializeSynthTruth } from './truth.js';
import type { SynthTruth } from './truth.js';
import type { SimulatedMovie } from './simulateMovie.js';
import type { SimulatedMicrograph } from './simulateMicrograph.js';

export interface WriteSynthOptions {
  /** Base file name of the movie / micrograph. @default 'synth' */
  name?: string;
  /** Movie container. @default 'tiff' */
  format?: 'tiff' | 'mrc' | 'eer';
  /** Folder for `<name>_clean.mrc`, `<name>_gain.mrc` and `<name>_truth.json` — keep it OUT of a watched raw/ folder, where .mrc files would be taken for movies. @default `<dir>/truth` */
  truthDir?: string;
  /** TIFF bits per sample (counts fit 8 bits at ordinary doses). @default 8 */
  tiffBits?: 8 | 16 | 32;
  /** MRC movie mode (0 int8, 1 int16, 2 float32, 6 uint16, 12 float16). @default 6 */
  mrcMode?: 0 | 1 | 2 | 6 | 12;
  /** EER raw frames per fraction (RELION --eer_grouping). @default 20 */
  eerGrouping?: number;
}

/** Writes the movie to `<dir>/<name>.<tif|mrc|eer>` and the truth files; returns the truth with `files` filled (paths relative to the truth folder's parent `dir`). */
export async function writeSynthMovie(dir: string, sim: SimulatedMovie, options: WriteSynthOptions = {}): Promise<SynthTruth> {
  const name = options.name ?? 'synth';
  const format = options.format ?? 'tiff';
  const truthDir = options.truthDir ?? path.join(dir, 'truth');
  await mkdir(dir, { recursive: true });
  await mkdir(truthDir, { recursive: true });
  const t = sim.truth;
  const ext = format === 'tiff' ? 'tif' : format;
  const moviePath = path.join(dir, `${name}.${ext}`);
  if (format === 'mrc') {
    await streamMrcMovie(moviePath, sim.frames(), t.frames, { pixelSizeA: t.pixelSizeA, mode: options.mrcMode ?? 6 });
  } else if (format === 'tiff') {
    await streamTiffMovie(moviePath, sim.frames(), { pixelSizeA: t.pixelSizeA, bitsPerSample: options.tiffBits ?? 8 });
  } else {
    const grouping = options.eerGrouping ?? 20;
    if (!Number.isInteger(grouping) || grouping < 1) throw new InvalidInputError(`synth EER grouping must be a positive integer, got ${grouping}`);
    await writeEerFile(moviePath, eerRawFrames(sim.frames(), grouping, createRng(t.seed + 1)), t.frames * grouping, { width: t.width, height: t.height });
  }
  const cleanPath = path.join(truthDir, `${name}_clean.mrc`);
  await writeMrcFile(cleanPath, [sim.clean], { pixelSizeA: t.pixelSizeA, mode: 2 });
  let gainFile: string | null = null;
  if (sim.gain) {
    gainFile = path.join(truthDir, `${name}_gain.mrc`);
    await writeMrcFile(gainFile, [sim.gain], { pixelSizeA: t.pixelSizeA, mode: 2 });
  }
  const truth: SynthTruth = { ...t, gainFile: gainFile && path.relative(dir, gainFile), files: { movie: path.relative(dir, moviePath), clean: path.relative(dir, cleanPath), micrograph: null } };
  await writeFile(path.join(truthDir, `${name}_truth.json`), serializeSynthTruth(truth));
  return truth;
}

/** Writes `<dir>/<name>.mrc` (float32 counts) and the clean image + truth in the truth folder. */
export async function writeSynthMicrograph(dir: string, sim: SimulatedMicrograph, options: Pick<WriteSynthOptions, 'name' | 'truthDir'> = {}): Promise<SynthTruth> {
  const name = options.name ?? 'synth';
  const truthDir = options.truthDir ?? path.join(dir, 'truth');
  await mkdir(truthDir, { recursive: true });
  const micPath = path.join(dir, `${name}.mrc`);
  const cleanPath = path.join(truthDir, `${name}_clean.mrc`);
  await writeMrcFile(micPath, [sim.image], { pixelSizeA: sim.truth.pixelSizeA, mode: 2 });
  await writeMrcFile(cleanPath, [sim.clean], { pixelSizeA: sim.truth.pixelSizeA, mode: 2 });
  const truth: SynthTruth = { ...sim.truth, files: { movie: null, clean: path.relative(dir, cleanPath), micrograph: path.relative(dir, micPath) } };
  await writeFile(path.join(truthDir, `${name}_truth.json`), serializeSynthTruth(truth));
  return truth;
}
