// CTFFIND parameters with CTFFIND's defaults, and the spectrum box shrunk to fit small micrographs.
import { nextFftSize } from '../fft/index.js';
import { CtffindParameters } from './result.js';

/** Fills CTFFIND's defaults (box 512, 30–5 Å, 5,000–50,000 Å, step 100 Å, no phase shift) and validates. */
export function ctffindParameters(p: Partial<CtffindParameters> & { pixelSizeA: number }): CtffindParameters {
  return CtffindParameters.parse({
    voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07, box: 512, minResA: 30, maxResA: 5,
    minDefocusA: 5000, maxDefocusA: 50000, defocusStepA: 100, findPhaseShift: false,
    ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
  });
}

/**
 * The largest box ≤ `box` (even, ≥ 64) whose tile (nextFftSize(box·max(apix, 1.4 Å-target)/apix)) fits in
 * width × height; `box` itself when it fits. For the small demo micrographs of the e2e tests.
 */
export function boxForImage(box: number, width: number, height: number, pixelSizeA: number, maxResA = 5): number {
  const target = Math.max(pixelSizeA, Math.min(1.4, maxResA / 2));
  const tile = (b: number): number => nextFftSize(Math.ceil((b * target) / pixelSizeA - 1e-6));
  let b = box;
  while (b > 64 && tile(b) > Math.min(width, height)) b -= 32;
  return b;
}
