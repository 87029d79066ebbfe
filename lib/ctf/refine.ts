// Local refinement of the grid's best starts: a simplex on the coarse points for each start, then one short polish of
// the winner on every pixel of the band (most of the simplex's steps need no more than the coarse points to aim).
import type { FitPoints } from './fitPoints.js';
import { scoreFit } from './fitPoints.js';
import { nelderMead } from './nelderMead.js';
import type { DefocusVector, PhaseConstants } from './optics.js';

export interface RefineOptions {
  minDefocusA: number;
  maxDefocusA: number;
  /** Fit the phase shift too (4 parameters instead of 3). */
  findPhaseShift: boolean;
  /** CTFFIND's astigmatism restraint (Å); 0 = none. */
  astigmatismRestraintA: number;
}

/** scoreFit less CTFFIND's astigmatism restraint penalty astig²/(2·tol²·N) (none when tol ≤ 0). */
export function restrainedScore(p: FitPoints, k: PhaseConstants, v: DefocusVector, tol: number): number {
  const astig = 2 * Math.hypot(v.hx, v.hy);
  return scoreFit(p, k, v) - (tol > 0 ? (astig * astig) / (2 * tol * tol * p.n) : 0);
}

function simplex(p: FitPoints, k: PhaseConstants, start: DefocusVector, o: RefineOptions, step: number, evaluations: number): { v: DefocusVector; cc: number } {
  const toV = (x: number[]): DefocusVector => ({ mean: x[0], hx: x[1], hy: x[2], phase: o.findPhaseShift ? x[3] : start.phase });
  const x0 = [start.mean, start.hx, start.hy, ...(o.findPhaseShift ? [start.phase] : [])];
  const inRange = (m: number): boolean => m >= o.minDefocusA && m <= o.maxDefocusA;
  const r = nelderMead((x) => (inRange(x[0]) ? restrainedScore(p, k, toV(x), o.astigmatismRestraintA) : -1), x0, {
    steps: [step, step, step, step / 1000].slice(0, x0.length), maxEvaluations: evaluations, tolerance: 1e-7,
  });
  return { v: toV(r.x), cc: r.value };
}

/** Best of `starts` after refinement; cc is the (restrained) score on the fine points. */
export function refineFit(coarse: FitPoints, fine: FitPoints, k: PhaseConstants, starts: DefocusVector[], o: RefineOptions): { v: DefocusVector; cc: number } {
  let best = { v: starts[0], cc: -Infinity };
  for (const s of starts) {
    const r = simplex(coarse, k, s, o, 100, 150);
    if (r.cc > best.cc) best = r;
  }
  return simplex(fine, k, best.v, o, 30, 100);
}
