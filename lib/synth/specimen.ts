// The specimen's projected phase: weak-phase particles in vitreous ice (white phase noise), and its CTF-modulated image.
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { fft2d } from '../fft/index.js';
import { placeParticles, renderParticles } from './particles.js';
import type { ParticleCentre } from './particles.js';
import type { Rng } from './random.js';
import { applyCtf } from './applyCtf.js';
import type { CtfParams } from '../ctf/ctf2d.js';

export interface SpecimenOptions {
  /** Particle diameter, Å. @default 150 */
  particleDiameterA?: number;
  /** Number of particles wanted (fewer if they do not fit at the minimum separation). @default ~20 % area coverage */
  particleCount?: number;
  /** Peak phase (rad) of one Gaussian sub-unit; a particle's peak is a few times this. @default 0.15 */
  particleContrast?: number;
  /** Std (rad) of the per-pixel white phase noise standing for ice; gives Thon rings everywhere. @default 0.05 */
  iceNoise?: number;
}

export interface Specimen {
  /** Projected phase (rad), width × height, row y = micrograph row (MRC orientation). */
  phase: Image2D;
  particles: ParticleCentre[];
  particleDiameterPx: number;
}

/** Builds the phase image. Needs initFft() only for the later signal step, not here. */
export function buildSpecimen(rng: Rng, width: number, height: number, pixelSizeA: number, options: SpecimenOptions = {}): Specimen {
  const dPx = (options.particleDiameterA ?? 150) / pixelSizeA;
  const count = options.particleCount ?? Math.floor((0.2 * width * height) / (Math.PI * (dPx / 2) ** 2));
  const particles = placeParticles(rng.fork(), width, height, count, dPx);
  const phase: Image2D = { width, height, data: new Float32Array(width * height) };
  renderParticles(rng.fork(), phase, particles, dPx, { amplitude: options.particleContrast ?? 0.15 });
  const ice = options.iceNoise ?? 0.05;
  if (ice > 0) {
    const r = rng.fork();
    for (let i = 0; i < phase.data.length; i++) phase.data[i] += ice * r.normal();
  }
  return { phase, particles, particleDiameterPx: dPx };
}

/**
 * The weak-phase image contrast in Fourier space: I(s) = δ(s) + 2·CTF(s)·Φ(s) (CTF = −sin χ, amplitude
 * contrast inside χ, reference §3.5), returned WITHOUT the δ (DC set to 0) so the image is 1 + F⁻¹[result]
 * with mean exactly 1. The Nyquist row and column are zeroed so sub-pixel phase-ramp shifts are exactly
 * invertible (a fractional shift of a Nyquist term has no real-valued representation). Particles (positive phase) come out dark at low resolution under underfocus.
 */
export function ctfSignalSpectrum(phase: Image2D, ctf: CtfParams, pixelSizeA: number): Spectrum2D {
  const spec = fft2d(phase.width, phase.height).forward(phase);
  spec.data[0] = 0;
  spec.data[1] = 0;
  zeroNyquist(spec);
  applyCtf(spec, ctf, pixelSizeA);
  for (let i = 0; i < spec.data.length; i++) spec.data[i] *= 2;
  return spec;
}

/** Relative intensity 1 + F⁻¹[signal], clamped at 0 (the clean, noiseless, motionless image). */
export function intensityFromSignal(signal: Spectrum2D, out?: Image2D): Image2D {
  const img = fft2d(signal.width, signal.height).inverse(signal, out);
  const d = img.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.max(0, 1 + d[i]);
  return img;
}

function zeroNyquist(spec: Spectrum2D): void {
  const half = (spec.width >> 1) + 1;
  const row = 2 * (spec.height >> 1) * half;
  spec.data.fill(0, row, row + 2 * half);
  for (let ky = 0; ky < spec.height; ky++) {
    spec.data[2 * (ky * half + half - 1)] = 0;
    spec.data[2 * (ky * half + half - 1) + 1] = 0;
  }
}
