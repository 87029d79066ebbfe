// Accumulated motion statistics of a trajectory: total, early and late path length (RELION's definition).
import type { Shift } from './alignGlobal.js';

export interface AccumulatedMotionOptions {
  /** e⁻/Å² per frame. */
  dosePerFrame: number;
  /** @default 0 */
  preExposure?: number;
  /** Frames whose starting exposure is below this count as early (RELION --dose_motionstats_cutoff). @default 4 */
  earlyDoseCutoff?: number;
}

/**
 * Path lengths Σ|s_{i+1} − s_i| in the shifts' units: total over all frames, early over the steps that
 * start in a frame with pre + dose·i < cutoff (RELION: accumulated dose below 4 e/Å²), late the rest.
 */
export function accumulatedMotion(shifts: Shift[], options: AccumulatedMotionOptions): { total: number; early: number; late: number } {
  const cutoff = options.earlyDoseCutoff ?? 4;
  const pre = options.preExposure ?? 0;
  let early = 0;
  let late = 0;
  for (let i = 0; i + 1 < shifts.length; i++) {
    const d = Math.hypot(shifts[i + 1].dx - shifts[i].dx, shifts[i + 1].dy - shifts[i].dy);
    if (pre + options.dosePerFrame * i < cutoff) early += d;
    else late += d;
  }
  return { total: early + late, early, late };
}
