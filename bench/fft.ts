// Benchmark: our 2-D real FFT (PFFFT WASM SIMD) against fft.js with the same row/column scheme, same run; prints the speed ratio.
// Run: node --import tsx bench/fft.ts
import FFT from 'fft.js';
import { createFft2d } from '../lib/fft/index.js';
import type { Image2D } from '../lib/image.js';

/** 2-D forward real FFT from fft.js's 1-D transforms: real rows, then complex columns (half plane, same layout as ours). */
function fftjs2d(img: Image2D, rowFft: FFT, colFft: FFT, out: Float64Array): void {
  const { width: w, height: h } = img;
  const half = w / 2 + 1;
  const rowIn = new Float64Array(w);
  const rowOut = new Float64Array(2 * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) rowIn[x] = img.data[y * w + x];
    rowFft.realTransform(rowOut, rowIn);
    out.set(rowOut.subarray(0, 2 * half), 2 * y * half);
  }
  const col = new Float64Array(2 * h);
  const colOut = new Float64Array(2 * h);
  for (let kx = 0; kx < half; kx++) {
    for (let y = 0; y < h; y++) {
      col[2 * y] = out[2 * (y * half + kx)];
      col[2 * y + 1] = out[2 * (y * half + kx) + 1];
    }
    colFft.transform(colOut, col);
    for (let y = 0; y < h; y++) {
      out[2 * (y * half + kx)] = colOut[2 * y];
      out[2 * (y * half + kx) + 1] = colOut[2 * y + 1];
    }
  }
}

function time(reps: number, fn: () => void): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

for (const [n, reps] of [[1024, 5], [4096, 2]] as const) {
  const img: Image2D = { width: n, height: n, data: new Float32Array(n * n) };
  for (let i = 0; i < img.data.length; i++) img.data[i] = Math.sin(i * 0.001) + ((i * 7919) % 101) / 101;
  const plan = await createFft2d(n, n);
  const spec = plan.forward(img);
  const back: Image2D = { width: n, height: n, data: new Float32Array(n * n) };
  const rowFft = new FFT(n);
  const colFft = new FFT(n);
  const ref = new Float64Array(2 * (n / 2 + 1) * n);
  const ours = time(reps, () => plan.forward(img, spec));
  const inv = time(reps, () => plan.inverse(spec, back));
  const theirs = time(reps, () => fftjs2d(img, rowFft, colFft, ref));
  let maxErr = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(ref[i] - spec.data[i]));
    maxRef = Math.max(maxRef, Math.abs(ref[i]));
  }
  process.stdout.write(
    `${n}×${n} forward: ours ${ours.toFixed(1)} ms, fft.js ${theirs.toFixed(1)} ms, ratio ${(theirs / ours).toFixed(2)}× ` +
      `(inverse ours ${inv.toFixed(1)} ms; max rel. difference ${(maxErr / maxRef).toExponential(1)})\n`,
  );
}
