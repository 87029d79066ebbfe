// The pick result's warnings: no silent zero, and a stated diameter far from what was found.
import type { DiameterRange } from './diameter.js';
import { formatDiameterRange } from './diameter.js';

export interface PickWarningsInput {
  /** Micrograph name, for the message. */
  name: string;
  count: number;
  /** Stated and searched ranges, Å. */
  stated: DiameterRange;
  searched: DiameterRange;
  thresholdSigma: number;
  strongestSigma: number;
  estimatedDiameterA: number | null;
}

/**
 * Plain sentences for the result JSON and the dashboard. Zero picks always warns (issue 22: a
 * drag-dropped movie got zero particles and nothing said so). The estimate warns outside 0.8–1.25× the
 * stated range: wider than the edge calibration's spread (see EDGE_TO_DIAMETER).
 */
export function pickWarnings(i: PickWarningsInput): string[] {
  const out: string[] = [];
  if (i.count === 0) {
    out.push(`no particles picked in "${i.name}": the strongest DoG peak was ${i.strongestSigma.toFixed(1)} σ, under the ${i.thresholdSigma} σ threshold, `
      + `searching ${formatDiameterRange(i.searched)} (stated ${formatDiameterRange(i.stated)}); check the particle diameter (a range such as `
      + `${Math.round(0.7 * i.stated.minA)}-${Math.round(i.stated.maxA)} searches several sizes), the threshold, and whether the micrograph shows particles`);
  }
  const e = i.estimatedDiameterA;
  if (e !== null && (e < 0.8 * i.stated.minA || e > 1.25 * i.stated.maxA)) {
    out.push(`estimated particle diameter ${Math.round(e)} Å, stated ${formatDiameterRange(i.stated)}: the stated size may be ${e < i.stated.minA ? 'too large' : 'too small'}`);
  }
  return out;
}
