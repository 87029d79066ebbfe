// Runs a MotionCor2/MotionCor3 binary on one movie and turns its sums and logs into our outputs and result.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InvalidInputError, ToolFailedError } from '../errors.js';
import type { Image2D } from '../image.js';
import { encodeMrc, readMrc } from '../formats/mrc/index.js';
import { openMovie } from '../formats/movie.js';
import { runTool } from '../tools/index.js';
import { defectRects, formatDefectFile } from '../gain/defectFile.js';
import { accumulatedMotion } from './accumulatedMotion.js';
import { buildMotionCor2Args, fmIntFileText } from './motionCor2Args.js';
import { parseMotionCor2Logs } from './motionCor2Logs.js';
import { parseMotionCor2Stdout } from './motionCor2Stdout.js';
import type { MotionCorrectOptions, MotionCorrectOutput, RunMotionCor2Options } from './motionCorrectTypes.js';
import { MOTIONCOR_SCHEMA_VERSION } from './result.js';

async function readSum(path: string): Promise<Image2D> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new ToolFailedError(`MotionCor2: expected output "${path}" was not written`, { cause: err });
  }
  return readMrc(bytes, path).images[0];
}

/** The log file whose name ends in `suffix` (MC3 `<movie>-Full.log`, or ≤1.4.5 `<prefix>0-Full.log`). */
async function findLog(dir: string, suffix: string): Promise<string | undefined> {
  const hit = (await readdir(dir)).find((f) => f.endsWith(suffix));
  return hit === undefined ? undefined : readFile(join(dir, hit), 'utf8');
}

/** MotionCor2 on `moviePath` in a temporary folder (removed afterwards); same outputs as motionCorrect. */
export async function runMotionCor2(moviePath: string, options: MotionCorrectOptions, run: RunMotionCor2Options): Promise<MotionCorrectOutput> {
  const t0 = performance.now();
  const movie = await openMovie(moviePath, { eerGroup: options.eerGroup });
  const { width, height, frameCount, format, rawFrameCount } = movie;
  await movie.close();
  if (frameCount < 2) throw new InvalidInputError(`movie "${moviePath}": motion correction needs at least 2 frames, got ${frameCount}`);
  const work = await mkdtemp(join(tmpdir(), 'motioncor2-'));
  try {
    let gain = options.gainFile?.path;
    if (options.gain) {
      gain = join(work, 'gain.mrc');
      await writeFile(gain, encodeMrc([options.gain], { mode: 2 }));
    }
    let defectFile: string | undefined;
    if (options.defects?.some((v) => v !== 0)) {
      if (options.defects.length !== width * height) throw new InvalidInputError(`movie "${moviePath}": defect mask has ${options.defects.length} pixels, expected ${width}×${height}`);
      defectFile = join(work, 'defects.txt');
      await writeFile(defectFile, formatDefectFile(defectRects(options.defects, width, height)));
    }
    // EER: -FmDose is the dose per raw frame for MC3 (see MotionCor2Params.dosePerFrame); ours is per fraction.
    const group = format === 'eer' ? (options.eerGroup ?? 32) : 1;
    let fmIntFile: string | undefined;
    if (format === 'eer') {
      fmIntFile = join(work, 'fmint.txt');
      await writeFile(fmIntFile, fmIntFileText(rawFrameCount ?? frameCount * group, group, options.dosePerFrame / group));
    }
    const outMrc = join(work, 'out.mrc');
    const args = buildMotionCor2Args({
      movie: moviePath, format, outMrc, logDir: work, pixelSizeA: options.pixelSizeA, voltageKv: options.voltageKv ?? 300,
      dosePerFrame: options.dosePerFrame / group, preExposure: options.preExposure, gain, gainRotate: options.gainFile?.rotate, gainFlip: options.gainFile?.flip,
      patches: run.patches, binning: options.binning, defectFile, fmIntFile, gpu: run.gpu,
    });
    options.onProgress?.(`${moviePath}: ${run.bin} ${args.join(' ')}`);
    const r = await runTool(run.bin, args, { cwd: work, timeoutMs: run.timeoutMs ?? 1_800_000, signal: run.signal });
    const logs = parseMotionCor2Logs({
      full: (await findLog(work, '-Patch-Full.log')) ?? (await findLog(work, '-Full.log')),
      patch: await findLog(work, '-Patch-Patch.log'),
      stdout: r.stdout,
    });
    if (logs.shifts.length !== frameCount) throw new ToolFailedError(`MotionCor2: log lists ${logs.shifts.length} frames, movie "${basename(moviePath)}" has ${frameCount}`);
    const noDw = await readSum(outMrc);
    // Dose weighting was asked for (-FmDose); a run that left no _DW sum must not pass the plain sum off as weighted.
    const dwPath = join(work, 'out_DW.mrc');
    const dw = await readSum(dwPath).catch((err: unknown) => {
      throw new ToolFailedError(`MotionCor2 on "${basename(moviePath)}": no dose-weighted sum "${basename(dwPath)}" was written (plain sum ${basename(outMrc)} exists)`, { cause: err });
    });
    const facts = parseMotionCor2Stdout(r.stdout);
    const outApix = (options.pixelSizeA * width) / noDw.width;
    const motionPx = accumulatedMotion(logs.shifts, { dosePerFrame: options.dosePerFrame, preExposure: options.preExposure });
    const a = options.pixelSizeA;
    return {
      dw, noDw, shifts: logs.shifts,
      software: { implementation: 'MotionCor2', version: facts.version ?? 'unknown (not printed)' },
      results: {
        schemaVersion: MOTIONCOR_SCHEMA_VERSION, frames: frameCount, width, height, outputWidth: dw.width, outputHeight: dw.height,
        pixelSizeA: a, outputPixelSizeA: outApix, shiftDefinition: 'content displacement of frame i relative to frame 0, input-movie pixels',
        shifts: logs.shifts.map((s) => [s.dx, s.dy]), motionPx, motionA: { total: motionPx.total * a, early: motionPx.early * a, late: motionPx.late * a },
        alignment: { iterations: facts.iterations, converged: facts.converged, bfactor: facts.bfactor, workingWidth: width, workingHeight: height },
        localModel: null,
        patchTracks: logs.patches.map((p) => ({ x: p.x, y: p.y, shifts: (p.fit ?? p.raw).map((s): [number, number] => [s.dx, s.dy]) })),
        hotPixels: facts.hotPixels,
        motionCor2: { version: facts.version, logLayout: logs.layout, maxIterations: facts.maxIterations, tolerance: facts.tolerance, finalError: facts.finalError },
        doseWeighting: { dosePerFrame: options.dosePerFrame, preExposure: options.preExposure ?? 0, voltageKv: options.voltageKv ?? 300 },
        timings: { tool: r.seconds, total: Math.round(performance.now() - t0) / 1000 },
      },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
