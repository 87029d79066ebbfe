// `cryoem-daq motioncor <movie> -o <dir>`: motion correction of one movie on this machine, same code as the function.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { describeError } from '../../lib/errors.js';
import { openMovie } from '../../lib/formats/movie.js';
import { readDefectFile } from '../../lib/gain/index.js';
import { motionCor2FromEnv, motionCorrect, MotioncorResult } from '../../lib/motion/index.js';
import { motioncorFiles } from '../../lib/steps/motioncorFiles.js';
import { atLeast, nonNegativeNumber, numberOption, oneOf, positiveInteger, positiveNumber } from '../numberOption.js';

interface MotioncorCliOptions {
  output: string;
  apix: string;
  kv: string;
  dose: string;
  preExposure: string;
  gain?: string;
  gainRot: string;
  gainFlip: string;
  defectFile?: string;
  patches?: string;
  bin: string;
  eerGroup: string;
}

/** The movie's name without its extension (`a/b/m.tif` → `m`). */
export function movieStem(path: string): string {
  return basename(path).replace(/\.(tiff?|mrcs?|eer)$/i, '');
}

/** The defect mask at the movie's size (the movie is opened only for its size and format). */
async function readDefects(movie: string, path: string, eerGroup: number): Promise<Uint8Array> {
  const m = await openMovie(movie, { eerGroup });
  const { width, height, format } = m;
  await m.close();
  return readDefectFile(path, width, height, { flipTiff: format !== 'eer' });
}

async function run(movie: string, o: MotioncorCliOptions): Promise<void> {
  const t0 = Date.now();
  const startedAt = new Date().toISOString();
  const rot = numberOption('motioncor', 'gain-rot', o.gainRot, oneOf([0, 1, 2, 3])) as 0 | 1 | 2 | 3;
  const flip = numberOption('motioncor', 'gain-flip', o.gainFlip, oneOf([0, 1, 2])) as 0 | 1 | 2;
  const params = {
    pixelSizeA: numberOption('motioncor', 'apix', o.apix, positiveNumber), voltageKv: numberOption('motioncor', 'kv', o.kv, positiveNumber), dosePerFrame: numberOption('motioncor', 'dose', o.dose, positiveNumber),
    preExposure: numberOption('motioncor', 'pre-exposure', o.preExposure, nonNegativeNumber), binning: numberOption('motioncor', 'bin', o.bin, atLeast(1)), eerGroup: numberOption('motioncor', 'eer-group', o.eerGroup, positiveInteger),
  };
  if (o.patches !== undefined && !/^\d+x\d+$/.test(o.patches)) throw new Error(`motioncor: --patches must look like 5x5, got "${o.patches}"`);
  const patches = o.patches === undefined ? undefined : (o.patches.split('x').map(Number) as [number, number]);
  const defects = o.defectFile === undefined ? undefined : await readDefects(movie, o.defectFile, params.eerGroup);
  const out = await motionCorrect(movie, { ...params, patches, defects, motionCor2: motionCor2FromEnv(process.env, patches), gainFile: o.gain ? { path: o.gain, rotate: rot, flip } : undefined, onProgress: (m) => process.stderr.write(`${m}\n`) });
  const files = await motioncorFiles(out);
  const stem = movieStem(movie);
  await mkdir(o.output, { recursive: true });
  const names = [...files.map((f) => `${stem}${f.suffix}`), `${stem}.json`];
  const result = MotioncorResult.parse({
    schemaVersion: 1, step: 'motioncor', input: { bucket: '', key: movie, etag: '' },
    software: out.software,
    parameters: { ...params, gain: o.gain ?? null, defectFile: o.defectFile ?? null, gainRot: rot, gainFlip: flip, patches: o.patches ?? null, localModel: out.results.localModel !== null },
    timings: { startedAt, seconds: (Date.now() - t0) / 1000 }, outputs: names, results: out.results,
  });
  const bodies = [...files.map((f) => f.body), `${JSON.stringify(result, null, 2)}\n`];
  // Temp names first, renamed only when all are written: a failure leaves no partial outputs; the JSON goes last.
  const tmp = names.map((n) => join(o.output, `.${n}.${process.pid}.tmp`));
  try {
    await Promise.all(bodies.map((b, i) => writeFile(tmp[i], b)));
    for (let i = 0; i < names.length; i++) await rename(tmp[i], join(o.output, names[i]));
  } catch (err) {
    await Promise.all(tmp.map((t) => rm(t, { force: true })));
    throw err;
  }
  const s = out.results;
  process.stderr.write(`${movie}: wrote ${names.join(', ')} to ${o.output}; total motion ${s.motionA.total.toFixed(1)} Å in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

export function register(program: Command): void {
  program
    .command('motioncor')
    .description('motion-correct one movie (TIFF, MRC or EER): dose-weighted and plain sums, result JSON, thumbnails')
    .argument('<movie>', 'movie file')
    .requiredOption('-o, --output <dir>', 'output folder')
    .requiredOption('--apix <A>', 'pixel size of the movie, Å')
    .option('--kv <kV>', 'acceleration voltage', '300')
    .requiredOption('--dose <e>', 'dose per frame, e/Å²')
    .option('--pre-exposure <e>', 'exposure before the first frame, e/Å²', '0')
    .option('--gain <file>', 'gain reference (MRC, TIFF or EER .gain)')
    .option('--gain-rot <n>', 'MotionCor2 -RotGain: 0..3 × 90° counter-clockwise', '0')
    .option('--gain-flip <n>', 'MotionCor2 -FlipGain: 0 none, 1 upside down, 2 left-right', '0')
    .option('--defect-file <file>', 'MotionCor2 -DefectFile text ("x y w h" per line) or defect map (MRC/TIFF, 1 = bad, movie orientation)')
    .option('--patches <XxY>', 'patch grid for local alignment, e.g. 5x5 (patches under 128 px are skipped); default: global only')
    .option('--bin <f>', 'output binning (Fourier crop)', '1')
    .option('--eer-group <n>', 'EER raw frames per fraction', '32')
    .action(async (movie: string, o: MotioncorCliOptions) => {
      try {
        await run(movie, o);
      } catch (err) {
        process.stderr.write(`motioncor: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}
