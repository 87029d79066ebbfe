// Nelder–Mead simplex maximisation (Nelder & Mead 1965; standard coefficients 1, 2, ½, ½) for the local CTF refinement.

export interface NelderMeadOptions {
  /** Initial simplex step per parameter. */
  steps: number[];
  /** @default 300 */
  maxEvaluations?: number;
  /** Stop when the spread of scores in the simplex falls below this. @default 1e-6 */
  tolerance?: number;
}

/** Maximises f from x0; returns the best point and its value. */
export function nelderMead(f: (x: number[]) => number, x0: number[], options: NelderMeadOptions): { x: number[]; value: number; evaluations: number } {
  const d = x0.length;
  const maxEval = options.maxEvaluations ?? 300;
  const tol = options.tolerance ?? 1e-6;
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < d; i++) { const p = x0.slice(); p[i] += options.steps[i]; pts.push(p); }
  // Minimise −f.
  let vals = pts.map((p) => -f(p));
  let evals = pts.length;
  const order = () => { const o = pts.map((_, i) => i).sort((a, b) => vals[a] - vals[b]); const np = o.map((i) => pts[i]); const nv = o.map((i) => vals[i]); pts.splice(0, pts.length, ...np); vals = nv; };
  const comb = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));
  while (evals < maxEval) {
    order();
    if (Math.abs(vals[d] - vals[0]) < tol) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += pts[i][j] / d;
    const xr = comb(centroid, pts[d], -1);
    const fr = -f(xr); evals++;
    if (fr < vals[0]) {
      const xe = comb(centroid, pts[d], -2);
      const fe = -f(xe); evals++;
      if (fe < fr) { pts[d] = xe; vals[d] = fe; } else { pts[d] = xr; vals[d] = fr; }
    } else if (fr < vals[d - 1]) {
      pts[d] = xr; vals[d] = fr;
    } else {
      const xc = fr < vals[d] ? comb(centroid, xr, 0.5) : comb(centroid, pts[d], 0.5);
      const fc = -f(xc); evals++;
      if (fc < Math.min(fr, vals[d])) { pts[d] = xc; vals[d] = fc; } else {
        for (let i = 1; i <= d; i++) { pts[i] = comb(pts[0], pts[i], 0.5); vals[i] = -f(pts[i]); evals++; }
      }
    }
  }
  order();
  return { x: pts[0], value: -vals[0], evaluations: evals };
}
