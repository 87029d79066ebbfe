// The frame passes: corrected frames, cropped spectra and aligned sums agree with direct computations, inline and on 2 threads.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropImage, fft2d, fourierCrop, initFft, padImage, shiftSpectrum } from '../../../lib/fft/index.js';
import { openMovie } from '../../../lib/formats/movie.js';
import type { MovieReader } from '../../../lib/formats/movie.js';
import { applyGain, detectHotPixels, replaceDefects } from '../../../lib/gain/index.js';
import type { Image2D } from '../../../lib/image.js';
import { alignedSums, alignmentSpectra, openFrameSet, squaredWeightSum } from '../../../lib/motion/index.js';
import { createFrameLoader } from '../../../lib/motion/frameLoader.js';
import { warpLocal } from '../../../lib/motion/warpLocal.js';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';
import type { WorkerPool } from '../../../lib/parallel/workerPool.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { simulateMovie } from '../../../lib/synth/index.js';
import type { SimulatedMovie } from '../../../lib/synth/index.js';

let dir = '';
let sim: SimulatedMovie;
let gain: Image2D;
let movie: MovieReader;
let pool: WorkerPool;
const W = 120; // padded to 128: exercises the mean padding

beforeAll(async () => {
  await initFft();
  dir = await mkdtemp(join(tmpdir(), 'frame-passes-'));
  // A K3-like odd size (120², padded to 128²) cut from a simulated 128² movie, as 16-bit MRC counts.
  sim = await simulateMovie({ width: 128, frames: 6, dosePerFrame: 1.2, seed: 8, particleContrast: 0.5, iceNoise: 0.15, hotPixels: 4, gainSpread: 0.05 });
  gain = cropImage(sim.gain as Image2D, W, W);
  await writeFile(join(dir, 'm.mrc'), encodeMrc([...sim.frames()].map((f) => cropImage(f, W, W)), { mode: 6 }));
  movie = await openMovie(join(dir, 'm.mrc'));
  pool = createWorkerPool({ maxThreads: 2 });
});

afterAll(async () => {
  await movie?.close();
  await pool?.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** What the frame set must deliver, built from the public gain/FFT helpers one frame at a time. */
async function referenceFrames(defects: Uint8Array): Promise<Image2D[]> {
  const frames: Image2D[] = [];
  for (let i = 0; i < movie.frameCount; i++) frames.push(applyGain(await movie.readFrame(i), gain, { inPlace: true }));
  const sum: Image2D = { width: W, height: W, data: new Float32Array(W * W) };
  for (const f of frames) for (let p = 0; p < f.data.length; p++) sum.data[p] += f.data[p];
  const mask = defects.slice();
  for (const p of detectHotPixels(sum, { sigmas: 6 })) mask[p] = 1;
  return frames.map((f) => padImage(replaceDefects(f, mask), 128, 128));
}

describe('frame set and passes', () => {
  const defects = new Uint8Array(W * W);
  defects.fill(1, 10 * W + 5, 10 * W + 9); // a short bad row segment

  it('delivers gain-corrected, repaired, mean-padded frames, from the cache and from the file alike', async () => {
    const ref = await referenceFrames(defects);
    const cached = await openFrameSet(movie, { gain: gain, defects });
    const uncached = await openFrameSet(movie, { gain: gain, defects, cacheBytes: 0 });
    expect(cached.hotPixels).toBeGreaterThanOrEqual(4);
    expect(cached.raw.every((r) => r instanceof Uint8Array || r instanceof Uint16Array)).toBe(true);
    expect(uncached.raw.every((r) => r === null)).toBe(true);
    for (const set of [cached, uncached]) {
      const loader = createFrameLoader(set);
      const dst = new Float32Array(128 * 128);
      for (let i = 0; i < ref.length; i++) {
        await loader.load(i, dst);
        let worst = 0;
        for (let p = 0; p < dst.length; p++) worst = Math.max(worst, Math.abs(dst[p] - ref[i].data[p]) / (1 + Math.abs(ref[i].data[p])));
        expect(worst).toBeLessThan(1e-5);
      }
      await loader.close();
    }
  });

  it('gives the cropped spectra of the corrected frames, inline and on 2 threads', async () => {
    const ref = await referenceFrames(defects);
    const set = await openFrameSet(movie, { gain: gain, defects });
    const inline = await alignmentSpectra(set, 64, 64, { pool });
    const threaded = await alignmentSpectra(set, 64, 64, { pool, minParallelWork: 0 });
    expect(threaded.map((s) => [...s.data])).toEqual(inline.map((s) => [...s.data]));
    const plan = fft2d(128, 128);
    ref.forEach((f, i) => {
      const expected = fourierCrop(plan.forward(f), 64, 64).data;
      const scale = Math.max(...expected.map(Math.abs));
      let worst = 0;
      for (let j = 0; j < expected.length; j++) worst = Math.max(worst, Math.abs(inline[i].data[j] - expected[j]));
      expect(worst).toBeLessThan(1e-5 * scale);
    });
  });

  it('sums aligned frames with dose weights as the frame-by-frame formula, inline and in blocks on 2 threads (global and local)', async () => {
    const ref = await referenceFrames(new Uint8Array(W * W));
    const set = await openFrameSet(movie, { gain: gain });
    const shifts = ref.map((_, i) => ({ dx: 0.7 * i, dy: -0.4 * i }));
    const base = { outWidth: 64, outHeight: 64, cropWidth: 60, cropHeight: 60, pixelSizeA: 2, dosePerFrame: 1.2, voltageKv: 200, preExposure: 3, shifts };
    const inline = await alignedSums(set, { ...base, pool });
    const threaded = await alignedSums(set, { ...base, pool, minParallelWork: 0 });
    // Direct: per frame, crop, phase-shift, weight q_i = exp(−N_i/(2Ne)) computed afresh, normalise by sqrt(Σq²).
    const plan = fft2d(128, 128);
    const plain = new Float64Array(2 * 33 * 64);
    const dw = new Float64Array(2 * 33 * 64);
    const q2 = squaredWeightSum(64, 64, base, ref.length);
    const crit = (k: number): number => (k > 0 ? 0.8 * (0.245 * k ** -1.665 + 2.81) : Infinity);
    ref.forEach((f, i) => {
      const s = shiftSpectrum(fourierCrop(plan.forward(f), 64, 64), -shifts[i].dx / 2, -shifts[i].dy / 2);
      for (let ky = 0; ky < 64; ky++) {
        for (let kx = 0; kx < 33; kx++) {
          const k = Math.hypot(kx / 128, (ky < 32 ? ky : ky - 64) / 128);
          const q = Math.exp(-(3 + 1.2 * (i + 1)) / (2 * crit(k)));
          const j = ky * 33 + kx;
          for (const c of [0, 1]) {
            plain[2 * j + c] += s.data[2 * j + c];
            dw[2 * j + c] += (q * s.data[2 * j + c]) / Math.sqrt(q2[j]);
          }
        }
      }
    });
    const back = (d: Float64Array): Image2D => cropImage(fft2d(64, 64).inverse({ width: 64, height: 64, data: Float32Array.from(d) }), 60, 60);
    const close = (a: Image2D, b: Image2D): void => {
      const scale = Math.max(...b.data.map(Math.abs));
      let worst = 0;
      for (let p = 0; p < a.data.length; p++) worst = Math.max(worst, Math.abs(a.data[p] - b.data[p]));
      expect(worst).toBeLessThan(1e-4 * scale);
    };
    close(inline.noDw, back(plain));
    close(inline.dw, back(dw));
    close(threaded.noDw, inline.noDw);
    close(threaded.dw, inline.dw);
    // Local model: the frames are warped in real space (global shift as offset) instead of phase-shifted.
    const model = { coeffX: [0, 0.5, ...new Array<number>(16).fill(0)], coeffY: new Array<number>(18).fill(0) };
    const local = { ...model, width: W, height: W };
    const localInline = await alignedSums(set, { ...base, local, pool });
    const localThreaded = await alignedSums(set, { ...base, local, pool, minParallelWork: 0 });
    close(localThreaded.dw, localInline.dw);
    const warped = fourierCrop(plan.forward(warpLocal(ref[5], model, 5, { width: W, height: W, offset: shifts[5] })), 64, 64);
    expect(warped.data.some((v, j) => Math.abs(v - fourierCrop(plan.forward(ref[5]), 64, 64).data[j]) > 1)).toBe(true);
    expect(localInline.dw.data).not.toEqual(inline.dw.data);
  });
});
