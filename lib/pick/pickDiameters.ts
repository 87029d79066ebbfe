// Per-pick diameters (Å) from the edge of each particle's rotational average in the low-passed working image.
import type { Spectrum2D } from '../fft/index.js';
import type { Peak } from './findPeaks.js';
import type { DiameterRange } from './diameter.js';
import { lowPassMap } from './lowPass.js';
import { EDGE_TO_DIAMETER, edgeDiameter } from './edgeDiameter.js';

export interface PickDiametersOptions {
  /** Micrograph region of the working image. */
  w: number;
  h: number;
  /** Full-grid pixels per working pixel, and the micrograph pixel size (Å). */
  scale: number;
  apix: number;
  /** The searched range: sets the low-pass (5 % of its minimum) and the largest radius looked at (0.6 × its maximum). */
  range: DiameterRange;
  /** @default true */
  invert?: boolean;
  /** Diameter (Å) of the scale that found each peak: the answer where no edge is found. */
  foundA: number[];
}

/**
 * For each peak (working pixels) the estimated diameter in Å: edgeDiameter ÷ EDGE_TO_DIAMETER on the
 * working image low-passed at σ = 5 % of the smallest searched diameter (removes shot noise, keeps the edge).
 * The DoG scale itself is no size measure here: the CTF suppresses a particle's low frequencies, so every
 * particle responds most to the smallest DoG searched (issue 22 measurements).
 */
export function pickDiameters(spec: Spectrum2D, peaks: Peak[], o: PickDiametersOptions): number[] {
  if (peaks.length === 0) return [];
  const perWorking = o.apix * o.scale;
  const low = lowPassMap(spec, (0.05 * o.range.minA) / perWorking);
  const maxRadiusPx = Math.ceil((0.6 * o.range.maxA) / perWorking);
  return peaks.map((p, i) => {
    const e = edgeDiameter(low, o.w, o.h, p.x, p.y, { dark: o.invert !== false, maxRadiusPx });
    return e === null ? o.foundA[i] : (e * perWorking) / EDGE_TO_DIAMETER;
  });
}
