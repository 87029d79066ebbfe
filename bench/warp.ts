// Bench: warpLocal (incremental row interpolation) against the previous per-pixel version, same frame, same run; prints the ratio.
// node --import tsx bench/warp.ts [--size 4096] [--reps 5]
import type { Image2D } from '../lib/image.js';
import { localShift } from '../lib/motion/localModel.js';
import { warpLocal } from '../lib/motion/warpLocal.js';
import { createRng, randomLocalMotion } from '../lib/synth/index.js';
import { numberArg } from './support/numberArg.js';


/** The previous implementation (commit ad01d89), kept as the reference run. */
function warpLocalOld(img: Image2D, model: { coeffX: number[]; coeffY: number[] }, z: number, options: { width: number; height: number; offset?: { dx: number; dy: number } }): Image2D {
  const { width: w, height: h, data } = img;
  const step = 16;
  const gw = Math.ceil(w / step) + 1;
  const gh = Math.ceil(h / step) + 1;
  const fx = new Float32Array(gw * gh);
  const fy = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const d = localShift(model, z, i * step, j * step, options.width, options.height);
      fx[j * gw + i] = d.dx + (options.offset?.dx ?? 0);
      fy[j * gw + i] = d.dy + (options.offset?.dy ?? 0);
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const gj = Math.min(gh - 2, Math.floor(y / step));
    const ty = y / step - gj;
    for (let x = 0; x < w; x++) {
      const gi = Math.min(gw - 2, Math.floor(x / step));
      const tx = x / step - gi;
      const g = gj * gw + gi;
      const lx = (1 - ty) * ((1 - tx) * fx[g] + tx * fx[g + 1]) + ty * ((1 - tx) * fx[g + gw] + tx * fx[g + gw + 1]);
      const ly = (1 - ty) * ((1 - tx) * fy[g] + tx * fy[g + 1]) + ty * ((1 - tx) * fy[g + gw] + tx * fy[g + gw + 1]);
      const sx = x + lx;
      const sy = y + ly;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const ax = sx - x0;
      const ay = sy - y0;
      const xa = x0 < 0 ? x0 + w : x0 >= w ? x0 - w : x0;
      const xb = xa + 1 === w ? 0 : xa + 1;
      const yr = y0 < 0 ? y0 + h : y0 >= h ? y0 - h : y0;
      const ya = yr * w;
      const yb = (yr + 1 === h ? 0 : yr + 1) * w;
      out[y * w + x] = (1 - ay) * ((1 - ax) * data[ya + xa] + ax * data[ya + xb]) + ay * ((1 - ax) * data[yb + xa] + ax * data[yb + xb]);
    }
  }
  return { width: w, height: h, data: out };
}

const n = numberArg('size', 4096);
const reps = numberArg('reps', 5);
const rng = createRng(7);
const img: Image2D = { width: n, height: n, data: Float32Array.from({ length: n * n }, () => rng.normal()) };
const model = randomLocalMotion(createRng(3), 40, 5);
const opts = { width: n, height: n, offset: { dx: 7.3, dy: -4.6 } };
const buf = new Float32Array(n * n);
const time = (f: (z: number) => Image2D): { ms: number; last: Image2D } => {
  let last = f(0);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) last = f(20 + r);
  return { ms: (performance.now() - t0) / reps, last };
};
const old = time((z) => warpLocalOld(img, model, z, opts));
const neu = time((z) => warpLocal(img, model, z, opts));
const into = time((z) => warpLocal(img, model, z, { ...opts, out: buf }));
let diff = 0;
for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(old.last.data[i] - into.last.data[i]));
process.stdout.write([
  `warpLocal ${n}², ${reps} frames each, 5 px local motion + offset`,
  `old: ${old.ms.toFixed(1)} ms/frame; new: ${neu.ms.toFixed(1)} ms/frame; new into out: ${into.ms.toFixed(1)} ms/frame`,
  `ratio old/new ${(old.ms / neu.ms).toFixed(2)} (with out: ${(old.ms / into.ms).toFixed(2)}); max |old − new| ${diff.toExponential(2)} (image sd 1)`,
].join('\n') + '\n');
