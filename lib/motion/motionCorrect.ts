// The motion-correction entry both the function and the CLI call: movie file in, output file bodies and results out.
import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';
import { openMovie } from '../formats/movie.js';
import { initFft, nextFftSize } from '../fft/index.js';
import type { Spectrum2D } from '../fft/index.js';
import { defectMask, readGainReference } from '../gain/index.js';
import { alignSpectraParallel } from './alignGlobalParallel.js';
import { alignPatchesParallel } from './alignPatchesParallel.js';
import { fitLocalModel } from './localModel.js';
import type { LocalMotionFit } from './localModel.js';
import { accumulatedMotion } from './accumulatedMotion.js';
import { runMotionCor2 } from './motionCor2Binary.js';
import type { LocalAlignmentOptions, MotionCorrectOptions, MotionCorrectOutput } from './motionCorrectTypes.js';
import { openFrameSet } from './frameSet.js';
import { MIN_PARALLEL_WORK, alignedSums, alignmentSpectra, doseTables } from './framePasses.js';
import { motionTasks } from './taskModules.js';
import { MOTIONCOR_SCHEMA_VERSION } from './result.js';
import { collectGarbage } from '../parallel/collectGarbage.js';
import { sharedWorkerPool } from '../parallel/workerPool.js';
import type { MotioncorResults } from './result.js';
import { smoothTrajectory } from './smoothTrajectory.js';

export const MOTION_VERSION = '1.0.0';

/** Working grid size: where the B weight exp(−B·s²/4) falls below 0.1 (little information beyond), capped. */
function workingSize(n: number, bfactor: number, cap: number): number {
  const smax = Math.sqrt((4 * Math.log(10)) / bfactor);
  return Math.min(n, nextFftSize(Math.min(cap, 2 * smax * n)));
}

const seconds = (t0: number): number => Math.round(performance.now() - t0) / 1000;

/**
 * Reads the movie once (hot-pixel sum; frames kept compact in shared memory), then two passes over the
 * frames (cropped spectra for alignment, full-size aligned sums; on worker threads for big movies): aligns
 * globally (and locally with patches), and dose-weights (the step renders the files). Errors name the movie.
 */
export async function motionCorrect(moviePath: string, options: MotionCorrectOptions): Promise<MotionCorrectOutput> {
  if (options.motionCor2) return runMotionCor2(moviePath, options, options.motionCor2);
  const t0 = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const bin = options.binning ?? 1;
  if (!(bin >= 1)) throw new InvalidInputError(`motioncor: binning must be ≥ 1, got ${bin}`);
  const bfactor = options.bfactor ?? 150;
  await initFft();
  const movie = await openMovie(moviePath, { eerGroup: options.eerGroup });
  // A movie big enough for the threads: start them and load their tasks while this thread reads the frames.
  const pool = sharedWorkerPool();
  const big = pool.threads >= 2 && nextFftSize(movie.width) * nextFftSize(movie.height) * movie.frameCount >= MIN_PARALLEL_WORK;
  if (big) pool.prepare(motionTasks(movie.format));
  try {
    const timings: Record<string, number> = {};
    const ref = await loadGain(options, movie.width, movie.height);
    const src = await openFrameSet(movie, { gain: ref.gain, gainName: ref.name, defects: ref.defects, eerGroup: movie.format === 'eer' ? options.eerGroup : undefined, pool: movie.format === 'eer' || big ? pool : undefined });
    timings.hotPixels = seconds(t0);
    progress(`${moviePath}: ${src.frameCount} frames ${src.width}×${src.height}, ${src.hotPixels} hot pixels`);
    const { paddedWidth: pw, paddedHeight: ph } = src;
    const ww = workingSize(pw, bfactor, options.maxWorkingSize ?? 1024);
    const wh = workingSize(ph, bfactor, options.maxWorkingSize ?? 1024);
    const ow = bin === 1 ? pw : nextFftSize(Math.round(pw / bin));
    const oh = bin === 1 ? ph : nextFftSize(Math.round(ph / bin));
    const outApix = (options.pixelSizeA * pw) / ow;
    const dose = { pixelSizeA: outApix, dosePerFrame: options.dosePerFrame, preExposure: options.preExposure, voltageKv: options.voltageKv };
    const t1 = performance.now();
    const pending = alignmentSpectra(src, ww, wh);
    // The sums' dose tables are made here while the threads transform frames (the main thread would wait anyway).
    const tables = doseTables(ow, oh, dose, src.frameCount);
    const spectra = await pending;
    timings.readForAlignment = seconds(t1);
    const t2 = performance.now();
    const aligned = await alignSpectraParallel(spectra, { bfactor, scale: [pw / ww, ph / wh], maxIterations: options.maxIterations });
    aligned.shifts = smoothTrajectory(aligned.shifts, { halfWindow: options.smoothingHalfWindow });
    timings.align = seconds(t2);
    const t2b = performance.now();
    const local = await fitPatches(spectra, aligned.shifts, [pw / ww, ph / wh], src.width, src.height, options.patches, options.localAlignment);
    spectra.length = 0;
    collectGarbage();
    if (local) {
      timings.patches = seconds(t2b);
      progress(`${moviePath}: local model from ${options.patches?.join('×')} patches, fit RMSD ${local.rmsdPx.toFixed(2)} px`);
    }
    progress(`${moviePath}: aligned in ${aligned.iterations} iterations (last increment ${aligned.lastIncrement.toFixed(3)} px)`);
    const t3 = performance.now();
    const sums = await alignedSums(src, {
      outWidth: ow, outHeight: oh, cropWidth: Math.round((src.width * ow) / pw), cropHeight: Math.round((src.height * oh) / ph),
      ...dose, tables, shifts: aligned.shifts,
      local: local ? { coeffX: local.coeffX, coeffY: local.coeffY, width: src.width, height: src.height } : undefined, releaseFrames: true,
    });
    timings.sum = seconds(t3);
    src.raw.fill(null); // the frames are done with: let their shared memory go before the outputs are rendered
    collectGarbage();
    const motionPx = accumulatedMotion(aligned.shifts, { dosePerFrame: options.dosePerFrame, preExposure: options.preExposure });
    const a = options.pixelSizeA;
    const results: MotioncorResults = {
      schemaVersion: MOTIONCOR_SCHEMA_VERSION, frames: src.frameCount, width: src.width, height: src.height,
      outputWidth: sums.dw.width, outputHeight: sums.dw.height, pixelSizeA: a, outputPixelSizeA: outApix,
      shiftDefinition: 'content displacement of frame i relative to frame 0, input-movie pixels',
      shifts: aligned.shifts.map((s) => [round3(s.dx), round3(s.dy)]),
      motionPx, motionA: { total: motionPx.total * a, early: motionPx.early * a, late: motionPx.late * a },
      alignment: { iterations: aligned.iterations, converged: aligned.converged, bfactor, workingWidth: ww, workingHeight: wh },
      localModel: local ? { coeffX: local.coeffX, coeffY: local.coeffY, patches: options.patches as [number, number], rmsdPx: local.rmsdPx } : null,
      hotPixels: src.hotPixels,
      doseWeighting: { dosePerFrame: options.dosePerFrame, preExposure: options.preExposure ?? 0, voltageKv: options.voltageKv ?? 300 },
      timings,
    };
    timings.total = seconds(t0);
    return { results, shifts: aligned.shifts, dw: sums.dw, noDw: sums.noDw, software: { implementation: 'cpu', version: MOTION_VERSION } };
  } finally {
    await movie.close();
  }
}

/** The gain to use: given image, or the file read and rotated/flipped; EER gain defects become a mask. */
async function loadGain(o: MotionCorrectOptions, width: number, height: number): Promise<{ gain?: Image2D; name: string; defects?: Uint8Array }> {
  if (o.gain || !o.gainFile) return { gain: o.gain, name: o.gainName ?? 'gain', defects: o.defects };
  const ref = await readGainReference(o.gainFile.path, { rotate: o.gainFile.rotate, flip: o.gainFile.flip });
  let defects = o.defects;
  if (ref.defects.length > 0 && ref.gain.width === width && ref.gain.height === height) {
    const m = defectMask(ref.defects, width, height);
    defects = defects ? m.map((v, i) => v | (defects as Uint8Array)[i]) : m;
  }
  return { gain: ref.gain, name: o.gainFile.path, defects };
}

/**
 * Patch tracks and the polynomial model, or null when no patches are asked for or the fit is unusable:
 * RMSD ≥ 3 px (RELION drops ≥ 10 px; here signal-free patches gave ~10 px junk fits while real tracks fit
 * to 0.3–1.5 px on simulated 4096² / 1024² movies).
 */
async function fitPatches(spectra: Spectrum2D[], global: { dx: number; dy: number }[], scale: [number, number], width: number, height: number, patches?: [number, number], o: LocalAlignmentOptions = {}): Promise<LocalMotionFit | null> {
  if (!patches || patches[0] < 2 || patches[1] < 2 || width / patches[0] < 128 || height / patches[1] < 128) return null;
  // Defaults: bench/motioncorLocal.ts (notes/motion2): overlapping tiles and groups of 4 frames gave a usable model where
  // single-frame adjacent tiles gave none (low-signal movie), and field error 0.206 → 0.152 px on the default movie.
  // Grids under 4 × 4 keep adjacent tiles and pin tracks to their first frame: wider tiles are moved inward at the
  // edges, and a free offset per track leaves too few data for 18 coefficients (512², 2×2: field error 0.44 → 0.56 px).
  const fine = Math.min(patches[0], patches[1]) >= 4;
  const tileScale = o.tileScale ?? (fine ? 1.5 : 1);
  const tracks = await alignPatchesParallel(spectra, { patches, global, scale, width, height, bfactor: o.bfactor ?? 150, maxShift: o.maxShift, tileScale, group: o.group ?? 4 });
  const fit = fitLocalModel(tracks, width, height, { trackOffsets: o.trackOffsets ?? fine });
  return fit.rmsdPx < 3 ? fit : null;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
