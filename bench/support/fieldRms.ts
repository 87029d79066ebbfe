// Accuracy of a motion estimate where there is local motion: the whole displacement field against the truth's.
import { localShift } from '../../lib/motion/localModel.js';
import { localShiftAt } from '../../lib/synth/index.js';
import type { SynthTruth } from '../../lib/synth/index.js';

type Model = { coeffX: number[]; coeffY: number[] } | null;

/**
 * RMS over frames and a 16×16 grid of the total displacement (global + local field) of a run against the truth's:
 * with local motion this is the accuracy that matters (a global shift can at best follow the field's mean).
 */
export function fieldRms(shifts: { dx: number; dy: number }[], model: Model, truth: SynthTruth, w: number, h: number): number {
  let s = 0;
  let n = 0;
  for (let z = 0; z < shifts.length; z++) {
    for (let gy = 0; gy < 16; gy++) {
      for (let gx = 0; gx < 16; gx++) {
        const x = ((gx + 0.5) * w) / 16;
        const y = ((gy + 0.5) * h) / 16;
        const t = truth.localMotion ? localShiftAt(truth.localMotion, z, x, y, w, h) : { dx: 0, dy: 0 };
        const o = model ? localShift(model, z, x, y, w, h) : { dx: 0, dy: 0 };
        s += (shifts[z].dx + o.dx - truth.shifts[z].dx - t.dx) ** 2 + (shifts[z].dy + o.dy - truth.shifts[z].dy - t.dy) ** 2;
        n++;
      }
    }
  }
  return Math.sqrt(s / n);
}
