// Simulates a dose-fractionated movie with known drift, local motion, CTF, damage, gain and hot pixels; frames are streamed.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { createSpectrum, cropImage, initFft, isFftSize, nextFftSize } from '../fft/index.js';
import { shiftSpectrum } from '../fft/index.js';
import type { CtfParams } from '../ctf/ctf2d.js';
import { createRng } from './random.js';
import { buildSpecimen, ctfSignalSpectrum, intensityFromSignal } from './specimen.js';
import type { SpecimenOptions } from './specimen.js';
import { driftTrajectory, randomLocalMotion } from './motion.js';
import { applyLocalMotion } from './warp.js';
import { exposureFilter, multiplySpectrum } from './damage.js';
import { createDetector, expectedCounts, sampleCounts } from './detector.js';
import type { DetectorOptions } from './detector.js';
import { checkSynthSize, resolveCtf } from './defaults.js';
import type { SynthTruth } from './truth.js';

/**
 * A movie's specimen defaults, stronger than a micrograph's (SpecimenOptions: 0.15 rad, ice 0.05): at those,
 * 1.2 e⁻/Å² per frame carries too little signal per frame for any aligner (1024²×30: shift RMS against the
 * truth 1.8 px for ours and 2.6 px for RELION's, on a 10 px path), where real movies align on their
 * low-resolution content (ice gradients, carbon, aggregates) that this specimen lacks.
 */
export const MOVIE_SPECIMEN = { particleContrast: 0.5, iceNoise: 0.15 } as const;

export interface SimulateMovieOptions extends SpecimenOptions, DetectorOptions {
  /** Peak phase (rad) of one Gaussian sub-unit. @default MOVIE_SPECIMEN.particleContrast (0.5) */
  particleContrast?: number;
  /** Std (rad) of the per-pixel white phase noise standing for ice. @default MOVIE_SPECIMEN.iceNoise (0.15) */
  iceNoise?: number;
  /** Any size ≥ 32; a size that is not an FFT size (K3: 5760×4092) is simulated at the next FFT size and cropped at the origin. @default 1024 */
  width?: number;
  /** @default width */
  height?: number;
  /** @default 30 */
  frames?: number;
  /** Å/pixel. @default 1 */
  pixelSizeA?: number;
  /** e⁻/Å² per frame. @default 1.2 */
  dosePerFrame?: number;
  /** e⁻/Å² before frame 0 (affects radiation damage only). @default 0 */
  preExposure?: number;
  /** CTF; see resolveCtf for defaults (15000 Å, 300 kV, Cs 2.7, A 0.07). */
  ctf?: Partial<CtfParams>;
  /** Total drift path length, pixels. @default 10 */
  totalDriftPx?: number;
  /** Largest local (polynomial) displacement, pixels; 0 = no local motion. @default 0 */
  localMotionPx?: number;
  /** Damp the signal by the exposure filter frame by frame. @default true */
  radiationDamage?: boolean;
  /** Poisson noise; false yields the expected counts (float) instead, for tests. @default true */
  noise?: boolean;
  /** @default 1 */
  seed?: number;
}

export interface SimulatedMovie {
  /** Truth (files all null: the writer fills them in). */
  truth: SynthTruth;
  /** Relative intensity (mean 1), CTF applied, no noise, no motion, no damage, frame-0 coordinates. */
  clean: Image2D;
  /** Gain reference (corrected = raw × gain), when gainSpread > 0. */
  gain?: Image2D;
  /** Yields the frames in order as integer counts (Float32); one frame is computed per step (streaming). */
  frames(): Generator<Image2D>;
}

/** Builds the specimen and truth; frames are generated lazily by `frames()`. */
export async function simulateMovie(options: SimulateMovieOptions = {}): Promise<SimulatedMovie> {
  const outW = options.width ?? 1024;
  const outH = options.height ?? outW;
  // The simulation works in Fourier space: simulate at FFT sizes, crop frames/clean/gain to the asked size.
  const w = isFftSize(outW) ? outW : nextFftSize(outW);
  const h = isFftSize(outH) ? outH : nextFftSize(outH);
  const cropped = w !== outW || h !== outH;
  const n = options.frames ?? 30;
  const apix = options.pixelSizeA ?? 1;
  const dose = options.dosePerFrame ?? 1.2;
  const pre = options.preExposure ?? 0;
  const seed = options.seed ?? 1;
  checkSynthSize(w, h, apix);
  if (cropped && (options.localMotionPx ?? 0) > 0) throw new InvalidInputError(`synth: local motion needs an FFT-size movie (its field is defined over the whole frame), got ${outW}×${outH}`);
  const crop = (img: Image2D): Image2D => (cropped ? cropImage(img, outW, outH) : img);
  const inside = (p: { x: number; y: number }): boolean => p.x < outW && p.y < outH;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`synth: frames must be a positive integer, got ${n}`);
  if (!(dose > 0)) throw new InvalidInputError(`synth: dose per frame must be > 0 e/Å², got ${dose}`);
  await initFft();
  const ctf = resolveCtf(options.ctf);
  const rng = createRng(seed);
  const specimen = buildSpecimen(rng.fork(), w, h, apix, { ...options, particleContrast: options.particleContrast ?? MOVIE_SPECIMEN.particleContrast, iceNoise: options.iceNoise ?? MOVIE_SPECIMEN.iceNoise });
  const shifts = driftTrajectory(rng.fork(), n, { totalDriftPx: options.totalDriftPx });
  const localPx = options.localMotionPx ?? 0;
  const local = localPx > 0 ? randomLocalMotion(rng.fork(), n, localPx) : null;
  const detector = createDetector(rng.fork(), w, h, options);
  const noise = rng.fork();
  const signal = ctfSignalSpectrum(specimen.phase, ctf, apix);
  const clean = intensityFromSignal(signal);
  const damage = options.radiationDamage ?? true;
  const truth: SynthTruth = {
    schemaVersion: 1, kind: 'movie', seed, width: outW, height: outH, frames: n, pixelSizeA: apix, dosePerFrame: dose, preExposure: pre,
    ctf, coordinates: 'image2d-mrc-rows', shiftReference: 'frame0', shifts, localMotion: local, radiationDamage: damage,
    particles: { diameterA: specimen.particleDiameterPx * apix, centres: specimen.particles.filter(inside) },
    gainFile: null, hotPixels: detector.hotPixels.filter(inside), files: { movie: null, clean: null, micrograph: null },
  };
  function* frames(): Generator<Image2D> {
    const damaged = { width: w, height: h, data: signal.data.slice() };
    const step = damage ? exposureFilter(w, h, apix, dose) : undefined;
    if (damage && pre > 0) multiplySpectrum(damaged, exposureFilter(w, h, apix, pre));
    const work = createSpectrum(w, h);
    const intensity: Image2D = { width: w, height: h, data: new Float32Array(w * h) };
    for (let i = 0; i < n; i++) {
      if (step) multiplySpectrum(damaged, step);
      shiftSpectrum(damaged, shifts[i].dx, shifts[i].dy, { out: work });
      let img = intensityFromSignal(work, intensity);
      if (local) img = applyLocalMotion(img, local, i);
      yield crop(options.noise === false ? expectedCounts(img, dose * apix * apix, detector) : sampleCounts(noise, img, dose * apix * apix, detector));
    }
  }
  return { truth, clean: crop(clean), gain: detector.gain && crop(detector.gain), frames };
}
