// Simulates one aligned micrograph (CTF, particles, ice, Poisson noise at the total dose): fast input for CTF and picker tests.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { initFft } from '../fft/index.js';
import type { CtfParams } from '../ctf/ctf2d.js';
import { createRng } from './random.js';
import { buildSpecimen, ctfSignalSpectrum, intensityFromSignal } from './specimen.js';
import type { SpecimenOptions } from './specimen.js';
import { sampleCounts } from './detector.js';
import { checkSynthSize, resolveCtf } from './defaults.js';
import type { SynthTruth } from './truth.js';

export interface SimulateMicrographOptions extends SpecimenOptions {
  /** @default 2048 */
  width?: number;
  /** @default width */
  height?: number;
  /** Å/pixel. @default 1 */
  pixelSizeA?: number;
  /** Total dose e⁻/Å². @default 40 */
  totalDose?: number;
  /** CTF; see resolveCtf for defaults. */
  ctf?: Partial<CtfParams>;
  /** @default 1 */
  seed?: number;
}

export interface SimulatedMicrograph {
  truth: SynthTruth;
  /** Relative intensity (mean 1), CTF applied, no noise. */
  clean: Image2D;
  /** Poisson counts at the total dose (Float32 integers). */
  image: Image2D;
}

/** A single micrograph: no motion, no damage, ideal detector. truth.kind = 'micrograph', frames = 1, dosePerFrame = total dose. */
export async function simulateMicrograph(options: SimulateMicrographOptions = {}): Promise<SimulatedMicrograph> {
  const w = options.width ?? 2048;
  const h = options.height ?? w;
  const apix = options.pixelSizeA ?? 1;
  const dose = options.totalDose ?? 40;
  const seed = options.seed ?? 1;
  checkSynthSize(w, h, apix);
  if (!(dose > 0)) throw new InvalidInputError(`synth: total dose must be > 0 e/Å², got ${dose}`);
  await initFft();
  const ctf = resolveCtf(options.ctf);
  const rng = createRng(seed);
  const specimen = buildSpecimen(rng.fork(), w, h, apix, options);
  const clean = intensityFromSignal(ctfSignalSpectrum(specimen.phase, ctf, apix));
  const image = sampleCounts(rng.fork(), clean, dose * apix * apix, { hotPixels: [], hotPixelRate: 0 });
  const truth: SynthTruth = {
    schemaVersion: 1, kind: 'micrograph', seed, width: w, height: h, frames: 1, pixelSizeA: apix, dosePerFrame: dose, preExposure: 0,
    ctf, coordinates: 'image2d-mrc-rows', shiftReference: 'frame0', shifts: [{ dx: 0, dy: 0 }], localMotion: null, radiationDamage: false,
    particles: { diameterA: specimen.particleDiameterPx * apix, centres: specimen.particles },
    gainFile: null, hotPixels: [], files: { movie: null, clean: null, micrograph: null },
  };
  return { truth, clean, image };
}
