// Temporal smoothing of a shift trajectory by local quadratic least squares (Savitzky–Golay), keeping frame 0 at 0.
import type { Shift } from './alignGlobal.js';

export interface SmoothTrajectoryOptions {
  /** Frames either side in each local fit; 0 = no smoothing. @default 3 */
  halfWindow?: number;
}

/**
 * Per-frame shifts measured against a noisy reference scatter independently while the stage/beam-induced
 * drift is smooth in time; MotionCor2/3 also smooth the trajectory (CStackShift Smooth(0.5)). Each frame
 * takes the value at its own time of a quadratic fitted to the frames within ±halfWindow (window clipped
 * at the ends). The result is re-referenced to frame 0.
 */
export function smoothTrajectory(shifts: Shift[], options: SmoothTrajectoryOptions = {}): Shift[] {
  const hw = options.halfWindow ?? 3;
  const n = shifts.length;
  if (hw <= 0 || n < 4) return shifts.map((s) => ({ ...s }));
  const out = shifts.map((_, i) => {
    const lo = Math.max(0, i - hw);
    const hi = Math.min(n - 1, i + hw);
    return { dx: fitAt(shifts, lo, hi, i, 'dx'), dy: fitAt(shifts, lo, hi, i, 'dy') };
  });
  const s0 = { ...out[0] };
  return out.map((s) => ({ dx: s.dx - s0.dx, dy: s.dy - s0.dy }));
}

/** Value at t = i of the least-squares quadratic through frames lo..hi (linear when fewer than 4 points). */
function fitAt(s: Shift[], lo: number, hi: number, i: number, key: 'dx' | 'dy'): number {
  const deg = hi - lo + 1 >= 4 ? 2 : 1;
  const m = deg + 1;
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let j = lo; j <= hi; j++) {
    const t = j - i;
    const p = [1, t, t * t];
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) A[r][c] += p[r] * p[c];
      A[r][m] += p[r] * s[j][key];
    }
  }
  // Gaussian elimination on the small normal equations; the constant term is the value at t = 0.
  for (let c = 0; c < m; c++) {
    for (let r = c + 1; r < m; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k <= m; k++) A[r][k] -= f * A[c][k];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let v = A[r][m];
    for (let k = r + 1; k < m; k++) v -= A[r][k] * x[k];
    x[r] = v / A[r][r];
  }
  return x[0];
}
