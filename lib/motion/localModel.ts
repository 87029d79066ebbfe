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

export interface FitLocalModelOptions {
  /**
   * Each track is known only up to a constant: its first frame is the (noisy) reference it was aligned to. A free
   * offset per track keeps that frame's error out of the model (the model itself still vanishes at z = 0).
   * @default false
   */
  trackOffsets?: boolean;
}

/** One track's samples as (z, basis, shift), z the frame index (a frame group's mean index). */
function samples(t: LocalTrack, width: number, height: number, zs: number): { b: number[]; s: Shift }[] {
  return t.shifts.map((s, k) => ({ b: localBasis((t.z?.[k] ?? k) / zs, t.x / width - 0.5, t.y / height - 0.5), s }));
}

/**
 * Fits both axes by least squares over every patch and frame (RELION micrograph_model.cpp; the model has
 * no constant term, so frame 0 stays put). z is scaled to z/(n−1) inside the fit for conditioning and the
 * coefficients are rescaled back; a tiny ridge keeps the 18×18 normal equations solvable with few patches.
 */
export function fitLocalModel(tracks: LocalTrack[], width: number, height: number, options: FitLocalModelOptions = {}): LocalMotionFit {
  const last = Math.max(0, ...tracks.map((t) => (t.z ? t.z[t.z.length - 1] : t.shifts.length - 1)));
  const zs = Math.max(1, last);
  const data = tracks.map((t) => samples(t, width, height, zs));
  return fitSamples(data, zs, options.trackOffsets ?? false);
}

function fitSamples(data: { b: number[]; s: Shift }[][], zs: number, offsets: boolean): LocalMotionFit {
  const A = Array.from({ length: 18 }, () => new Float64Array(18));
  const bx = new Float64Array(18);
  const by = new Float64Array(18);
  // With free offsets every track's basis rows and shifts are centred on their own means (the offsets eliminated).
  const centred = data.map((track) => centre(track, offsets));
  for (const track of centred) {
    for (const { b, s } of track) {
      for (let r = 0; r < 18; r++) {
        for (let c = 0; c < 18; c++) A[r][c] += b[r] * b[c];
        bx[r] += b[r] * s.dx;
        by[r] += b[r] * s.dy;
      }
    }
  }
  let trace = 0;
  for (let r = 0; r < 18; r++) trace += A[r][r];
  for (let r = 0; r < 18; r++) A[r][r] += 1e-9 * trace;
  const cx = solve(A, bx);
  const cy = solve(A, by);
  const unscale = (c: Float64Array): number[] => Array.from(c, (v, k) => v / zs ** ((k % 3) + 1));
  let s2 = 0;
  let m = 0;
  for (const track of centred) {
    for (const { b, s } of track) {
      let dx = 0;
      let dy = 0;
      for (let k = 0; k < 18; k++) { dx += b[k] * cx[k]; dy += b[k] * cy[k]; }
      s2 += (dx - s.dx) ** 2 + (dy - s.dy) ** 2;
      m++;
    }
  }
  return { coeffX: unscale(cx), coeffY: unscale(cy), rmsdPx: Math.sqrt(s2 / Math.max(1, m)) };
}

function centre(track: { b: number[]; s: Shift }[], offsets: boolean): { b: number[]; s: Shift }[] {
  if (!offsets || track.length === 0) return track;
  const mb = new Array<number>(18).fill(0);
  let mx = 0;
  let my = 0;
  for (const { b, s } of track) {
    for (let k = 0; k < 18; k++) mb[k] += b[k] / track.length;
    mx += s.dx / track.length;
    my += s.dy / track.length;
  }
  return track.map(({ b, s }) => ({ b: b.map((v, k) => v - mb[k]), s: { dx: s.dx - mx, dy: s.dy - my } }));
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
