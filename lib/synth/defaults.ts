// Defaults shared by the movie and micrograph simulators (CTF, size), and their validation.
import { InvalidInputError } from '../errors.js';
import { assertFftSize } from '../fft/index.js';
import type { CtfParams } from '../ctf/ctf2d.js';

/**
 * CTF defaults: 1.5 µm underfocus, no astigmatism, 300 kV, Cs 2.7 mm, A = 0.07, no phase shift,
 * no envelope. A partial `ctf` overrides fields; defocusVA defaults to defocusUA.
 */
export function resolveCtf(ctf: Partial<CtfParams> = {}): Required<CtfParams> {
  const defocusUA = ctf.defocusUA ?? 15000;
  const out = {
    defocusUA,
    defocusVA: ctf.defocusVA ?? defocusUA,
    astigmatismAngleDeg: ctf.astigmatismAngleDeg ?? 0,
    voltageKv: ctf.voltageKv ?? 300,
    csMm: ctf.csMm ?? 2.7,
    amplitudeContrast: ctf.amplitudeContrast ?? 0.07,
    phaseShiftRad: ctf.phaseShiftRad ?? 0,
    bFactorA2: ctf.bFactorA2 ?? 0,
  };
  if (!(out.voltageKv > 0) || out.amplitudeContrast < 0 || out.amplitudeContrast > 1) {
    throw new InvalidInputError(`synth CTF: voltage must be > 0 kV and amplitude contrast in [0, 1], got ${out.voltageKv} kV, ${out.amplitudeContrast}`);
  }
  return out;
}

/** Validates the simulated image size (must be a valid FFT size: the simulation works in Fourier space). */
export function checkSynthSize(width: number, height: number, pixelSizeA: number): void {
  assertFftSize(width, height, 'synth image size');
  if (!(pixelSizeA > 0)) throw new InvalidInputError(`synth: pixel size must be > 0 Å, got ${pixelSizeA}`);
}
