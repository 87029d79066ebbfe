// Least-squares fit of RELION's third-order polynomial motion model (18 coefficients per axis) to patch tracks.
import type { Shift } from './alignGlobal.js';
import type { LocalTrack } from './alignPatches.js';

/** Coefficients in RELION ThirdOrderPolynomialModel order: index 3·term + (power − 1), terms [1, u, u², v, v², uv], powers z, z², z³. */
export interface LocalMotionFit {
  coeffX: number[];
  coeffY: number[];
  /** RMS distance between the tracks and the model, input pixels. */
  rmsdPx: number;
}

/** The 18 basis values at normalised (u, v) = (x/width − 0.5, y/height − 0.5) and frame z. */
export function localBasis(z: number, u: number, v: number): number[] {
  const terms = [1, u, u * u, v, v * v, u * v];
  const out: number[] = [];
  for (const t of terms) out.push(t * z, t * z * z, t * z * z * z);
  return out;
}

/** Displacement of frame z at pixel (x, y) of a width × height movie (the field is zero at z = 0). */
export function localShift(fit: { coeffX: number[]; coeffY: number[] }, z: number, x: number, y: number, width: number, height: number): Shift {
  const b = localBasis(z, x / width - 0.5, y / height - 0.5);
  let dx = 0;
  let dy = 0;
  for (let k = 0; k < 18; k++) { dx += b[k] * fit.coeffX[k]; dy += b[k] * fit.coeffY[k]; }
  return { dx, dy };
}

/**
 * Fits both axes by least squares over every patch and frame (RELION micrograph_model.cpp; the model has
 * no constant term, so frame 0 stays put). z is scaled to z/(n−1) inside the fit for conditioning and the
 * coefficients are rescaled back; a tiny ridge keeps the 18×18 normal equations solvable with few patches.
 */
export function fitLocalModel(tracks: LocalTrack[], width: number, height: number): LocalMotionFit {
  const n = tracks[0]?.shifts.length ?? 0;
  const zs = Math.max(1, n - 1);
  const A = Array.from({ length: 18 }, () => new Float64Array(18));
  const bx = new Float64Array(18);
  const by = new Float64Array(18);
  for (const t of tracks) {
    for (let z = 0; z < n; z++) {
      const b = localBasis(z / zs, t.x / width - 0.5, t.y / height - 0.5);
      for (let r = 0; r < 18; r++) {
        for (let c = 0; c < 18; c++) A[r][c] += b[r] * b[c];
        bx[r] += b[r] * t.shifts[z].dx;
        by[r] += b[r] * t.shifts[z].dy;
      }
    }
  }
  let trace = 0;
  for (let r = 0; r < 18; r++) trace += A[r][r];
  for (let r = 0; r < 18; r++) A[r][r] += 1e-9 * trace;
  const unscale = (c: Float64Array): number[] => Array.from(c, (v, k) => v / zs ** ((k % 3) + 1));
  const fit = { coeffX: unscale(solve(A, bx)), coeffY: unscale(solve(A, by)) };
  let s = 0;
  let m = 0;
  for (const t of tracks) {
    for (let z = 0; z < n; z++) {
      const d = localShift(fit, z, t.x, t.y, width, height);
      s += (d.dx - t.shifts[z].dx) ** 2 + (d.dy - t.shifts[z].dy) ** 2;
      m++;
    }
  }
  return { ...fit, rmsdPx: Math.sqrt(s / Math.max(1, m)) };
}

/** Gaussian elimination with partial pivoting (copies its inputs). */
function solve(M: Float64Array[], rhs: Float64Array): Float64Array {
  const n = rhs.length;
  const a = M.map((row, i) => Float64Array.from([...row, rhs[i]]));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      if (f !== 0) for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = a[r][n];
    for (let k = r + 1; k < n; k++) v -= a[r][k] * x[k];
    x[r] = v / a[r][r];
  }
  return x;
}
