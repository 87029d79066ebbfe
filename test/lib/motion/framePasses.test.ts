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
import { alignedSums, alignmentSpectra, halfInverseCriticalExposure, openFrameSet, squaredWeightSum } from '../../../lib/motion/index.js';
import { createFrameLoader } from '../../../lib/motion/frameLoader.js';
import type { NibbleFrame } from '../../../lib/motion/frameSet.js';
import { lowPassCorrelation } from '../../../lib/motion/quality.js';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';
import type { WorkerPool } from '../../../lib/parallel/workerPool.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { writeTiffMovie } from '../../../lib/formats/tiff/index.js';
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
    // Counts are kept compact: two per byte while they stay within 0…15, else in 8 or 16 bits.
    expect(cached.raw.every((r) => r !== null && ('nibbles' in r || r instanceof Uint8Array || r instanceof Uint16Array))).toBe(true);
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
    // Frames over the cache budget are read from the file by the worker threads themselves.
    const fromFile = await alignmentSpectra(await openFrameSet(movie, { gain, defects, cacheBytes: 0 }), 64, 64, { pool, minParallelWork: 0 });
    expect(fromFile.map((s) => [...s.data])).toEqual(inline.map((s) => [...s.data]));
    const plan = fft2d(128, 128);
    ref.forEach((f, i) => {
      const expected = fourierCrop(plan.forward(f), 64, 64).data;
      const scale = Math.max(...expected.map(Math.abs));
      let worst = 0;
      for (let j = 0; j < expected.length; j++) worst = Math.max(worst, Math.abs(inline[i].data[j] - expected[j]));
      expect(worst).toBeLessThan(1e-5 * scale);
    });
  });

  it('pads each frame with the mean of its corrected content, with and without a gain, cached or read again', async () => {
    for (const options of [{ defects }, { gain, defects }, { defects, cacheBytes: 0 }]) {
      const set = await openFrameSet(movie, options);
      const loader = createFrameLoader(set);
      const dst = new Float32Array(128 * 128);
      for (let i = 0; i < set.frameCount; i++) {
        await loader.load(i, dst);
        let sum = 0;
        for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) sum += dst[y * 128 + x];
        const mean = Math.fround(sum / (W * W));
        expect([dst[5 * 128 + W], dst[127 * 128 + 3]]).toEqual([mean, mean]); // right of the content and below it
      }
      await loader.close();
    }
  });

  it.each([64, 128])('sums aligned frames with dose weights as the frame-by-frame formula at output size %i, inline and in blocks on 2 threads', async (o) => {
    const ref = await referenceFrames(new Uint8Array(W * W));
    const set = await openFrameSet(movie, { gain: gain });
    const shifts = ref.map((_, i) => ({ dx: 0.7 * i, dy: -0.4 * i }));
    const f = 128 / o;
    const base = { outWidth: o, outHeight: o, cropWidth: 120 / f, cropHeight: 120 / f, pixelSizeA: f, dosePerFrame: 1.2, voltageKv: 200, preExposure: 3, shifts };
    const inline = await alignedSums(set, { ...base, pool });
    const threaded = await alignedSums(set, { ...base, pool, minParallelWork: 0 });
    // Direct: per frame, crop, phase-shift, weight q_i = exp(−N_i/(2Ne)) computed afresh, normalise by sqrt(Σq²).
    const plan = fft2d(128, 128);
    const plain = new Float64Array(2 * (o / 2 + 1) * o);
    const dw = new Float64Array(2 * (o / 2 + 1) * o);
    const q2 = squaredWeightSum(halfInverseCriticalExposure(o, o, base), base, ref.length);
    const crit = (k: number): number => (k > 0 ? 0.8 * (0.245 * k ** -1.665 + 2.81) : Infinity);
    ref.forEach((fr, i) => {
      const s = shiftSpectrum(fourierCrop(plan.forward(fr), o, o), -shifts[i].dx / f, -shifts[i].dy / f);
      for (let ky = 0; ky < o; ky++) {
        for (let kx = 0; kx <= o / 2; kx++) {
          const k = Math.hypot(kx / 128, (ky < o / 2 ? ky : ky - o) / 128);
          const q = Math.exp(-(3 + 1.2 * (i + 1)) / (2 * crit(k)));
          const j = ky * (o / 2 + 1) + kx;
          for (const c of [0, 1]) {
            plain[2 * j + c] += s.data[2 * j + c];
            dw[2 * j + c] += (q * s.data[2 * j + c]) / Math.sqrt(q2[j]);
          }
        }
      }
    });
    const back = (d: Float64Array): Image2D => cropImage(fft2d(o, o).inverse({ width: o, height: o, data: Float32Array.from(d) }), 120 / f, 120 / f);
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
  });

  it('warps frames by a local model (global shift as offset) instead of phase-shifting them, inline and on 2 threads', async () => {
    const ref = await referenceFrames(new Uint8Array(W * W));
    const set = await openFrameSet(movie, { gain });
    const shifts = ref.map((_, i) => ({ dx: 0.7 * i, dy: -0.4 * i }));
    const base = { outWidth: 64, outHeight: 64, cropWidth: 64, cropHeight: 64, pixelSizeA: 2, dosePerFrame: 1.2, shifts };
    const inline = await alignedSums(set, { ...base, pool });
    const close = (a: Image2D, b: Image2D): void => {
      const scale = Math.max(...b.data.map(Math.abs));
      let worst = 0;
      for (let p = 0; p < a.data.length; p++) worst = Math.max(worst, Math.abs(a.data[p] - b.data[p]));
      expect(worst).toBeLessThan(1e-4 * scale);
    };
    // Local model: the frames are warped in real space (global shift as offset) instead of phase-shifted.
    const model = { coeffX: [0, 0.5, ...new Array<number>(16).fill(0)], coeffY: new Array<number>(18).fill(0) };
    const local = { ...model, width: W, height: W };
    const localInline = await alignedSums(set, { ...base, local, pool });
    const localThreaded = await alignedSums(set, { ...base, local, pool, minParallelWork: 0 });
    close(localThreaded.dw, localInline.dw);
    expect(localInline.dw.data).not.toEqual(inline.dw.data);
    // With a zero model the warp is a bilinear shift: close to the phase-shifted sum at low resolution.
    const flat = { coeffX: new Array<number>(18).fill(0), coeffY: new Array<number>(18).fill(0), width: W, height: W };
    const bilinear = await alignedSums(set, { ...base, local: flat, pool });
    expect(lowPassCorrelation(bilinear.noDw, inline.noDw)).toBeGreaterThan(0.99);
  });

  it('fails with the bad frame\'s error when a prefetched frame fails before its turn (no unhandled rejection)', async () => {
    let failed!: () => void;
    const frame2Failed = new Promise<void>((r) => { failed = r; });
    const stub: MovieReader = {
      path: 'stub.tif', format: 'tiff', width: 32, height: 32, frameCount: 6,
      async readFrame(i) {
        if (i === 2) {
          queueMicrotask(failed);
          throw new Error('movie "stub.tif" page 2: LZW decode error');
        }
        if (i === 0) {
          // Frame 0 arrives a turn of the event loop after frame 2 has failed, as a slow decode would.
          await frame2Failed;
          await new Promise((r) => setImmediate(r));
        }
        return { width: 32, height: 32, data: new Float32Array(32 * 32).fill(1) };
      },
      async close() {},
    };
    await expect(openFrameSet(stub)).rejects.toThrow('movie "stub.tif" page 2: LZW decode error');
  });

  it('keeps 0…15 counts two per byte and gives them back exactly, odd widths included', async () => {
    const w = 33;
    const h = 5;
    const frames = [0, 1].map((z) => ({ width: w, height: h, data: Float32Array.from({ length: w * h }, (_, p) => (p * 7 + z) % 16) }));
    const stub: MovieReader = { path: 'n.mrc', format: 'mrc', width: w, height: h, frameCount: 2, readFrame: async (i) => frames[i], close: async () => {} };
    const set = await openFrameSet(stub, { hotPixelSigmas: 0 });
    expect(set.raw.map((r) => r !== null && 'nibbles' in r && r.nibbles.length)).toEqual([83, 83]);
    const loader = createFrameLoader(set);
    const dst = new Float32Array(set.paddedWidth * set.paddedHeight);
    for (const z of [0, 1]) {
      await loader.load(z, dst);
      for (let y = 0; y < h; y++) expect([...dst.subarray(y * set.paddedWidth, y * set.paddedWidth + w)]).toEqual([...frames[z].data.subarray(y * w, (y + 1) * w)]);
    }
  });

  it('runs a small movie on the threads only when the pool is warm and the movie is over the warm bound', async () => {
    const w = 48;
    const frames = [0, 1, 2].map((z) => ({ width: w, height: w, data: Float32Array.from({ length: w * w }, (_, p) => (p * 3 + z) % 7) }));
    const stub: MovieReader = { path: 's.mrc', format: 'mrc', width: w, height: w, frameCount: 3, readFrame: async (i) => frames[i], close: async () => {} };
    const set = await openFrameSet(stub, { hotPixelSigmas: 0 });
    const inline = await alignmentSpectra(set, 32, 32, { pool: { ...pool, threads: 1 } }); // one thread: always inline
    const work = set.paddedWidth * set.paddedHeight * set.frameCount;
    for (const [warm, minWarmParallelWork, threaded] of [[false, 0, false], [true, work, true], [true, work + 1, false]] as const) {
      let runs = 0;
      const watched: WorkerPool = { ...pool, isWarm: () => warm, run: (m, input, t) => { runs++; return pool.run(m, input, t); } };
      const got = await alignmentSpectra(set, 32, 32, { pool: watched, minWarmParallelWork });
      expect(runs > 0).toBe(threaded);
      expect(got.map((x) => [...x.data])).toEqual(inline.map((x) => [...x.data]));
    }
  });

  it('keeps counts over 15 exactly in an overflow list, and falls back to bytes or 16 bits when they are many', async () => {
    const w = 33;
    const h = 8;
    const n = w * h;
    // A few bright pixels at both nibble positions and the odd last pixel; then 1 pixel in 4 over 15.
    const few = Float32Array.from({ length: n }, (_, p) => (p === 0 ? 16 : p === 7 ? 255 : p === n - 1 ? 99 : (p * 5) % 16));
    const many = Float32Array.from({ length: n }, (_, p) => (p % 4 === 0 ? 20 + (p % 7) : p % 16));
    const wide = Float32Array.from({ length: n }, (_, p) => (p % 4 === 0 ? 300 + p : p % 16));
    const frames = [few, many, wide].map((data) => ({ width: w, height: h, data }));
    await writeTiffMovie(join(dir, 'bright8.tif'), frames.slice(0, 2), { bitsPerSample: 8 });
    const tif = await openMovie(join(dir, 'bright8.tif'));
    const mrc: MovieReader = { path: 'bright.mrc', format: 'mrc', width: w, height: h, frameCount: 3, readFrame: async (i) => frames[i], close: async () => {} };
    try {
      for (const [movie, kinds] of [[tif, ['nibbles+3', 'Uint8Array']], [mrc, ['nibbles+3', 'Uint8Array', 'Uint16Array']]] as const) {
        const set = await openFrameSet(movie, { hotPixelSigmas: 0 });
        expect(set.raw.map((r) => (r === null ? 'none' : 'nibbles' in r ? `nibbles+${r.over?.index.length ?? 0}` : r.constructor.name))).toEqual(kinds);
        const first = set.raw[0] as NibbleFrame;
        expect([...(first.over?.index ?? [])]).toEqual([0, 7, n - 1]);
        expect([...(first.over?.count ?? [])]).toEqual([16, 255, 99]);
        const loader = createFrameLoader(set);
        const dst = new Float32Array(set.paddedWidth * set.paddedHeight);
        for (let z = 0; z < movie.frameCount; z++) {
          await loader.load(z, dst);
          const got = Array.from({ length: n }, (_, p) => dst[Math.floor(p / w) * set.paddedWidth + (p % w)]);
          expect(got).toEqual([...frames[z].data]);
        }
      }
    } finally {
      await tif.close();
    }
  });

  it('reads 8-bit TIFF counts in one pass: packed two per byte, a bright pixel beside them, with the hot-pixel sum', async () => {
    const w = 33;
    const h = 5;
    const dim = { width: w, height: h, data: Float32Array.from({ length: w * h }, (_, p) => (p * 5) % 16) };
    const bright = { width: w, height: h, data: Float32Array.from({ length: w * h }, (_, p) => (p === 40 ? 200 : (p * 3) % 16)) };
    await writeTiffMovie(join(dir, 'odd.tif'), [dim, bright, dim], { bitsPerSample: 8 });
    const tif = await openMovie(join(dir, 'odd.tif'));
    try {
      for (const hotPixelSigmas of [0, 6]) {
        const set = await openFrameSet(tif, { hotPixelSigmas });
        expect(set.raw.map((r) => (r === null ? 'none' : 'nibbles' in r ? `nibbles+${r.over?.index.length ?? 0}` : r.constructor.name))).toEqual(['nibbles+0', 'nibbles+1', 'nibbles+0']);
        const loader = createFrameLoader(set);
        const dst = new Float32Array(set.paddedWidth * set.paddedHeight);
        for (const [z, f] of [dim, bright, dim].entries()) {
          await loader.load(z, dst);
          const pixel = (p: number): number => dst[Math.floor(p / w) * set.paddedWidth + (p % w)];
          // With hot-pixel detection the 200 in frame 1 is found and repaired; otherwise every value comes back exactly.
          const got = Array.from({ length: w * h }, (_, p) => pixel(p));
          if (hotPixelSigmas === 0 || z !== 1) expect(got).toEqual([...f.data]);
          else expect(got[40]).toBeLessThan(16);
        }
        expect(set.hotPixels).toBe(hotPixelSigmas === 0 ? 0 : 1);
        // The same TIFF decoded by sharp inside the worker threads (nothing cached) gives the same spectra.
        const uncached = await openFrameSet(tif, { hotPixelSigmas, cacheBytes: 0 });
        const a = await alignmentSpectra(set, 32, 32, { pool });
        const b = await alignmentSpectra(uncached, 32, 32, { pool, minParallelWork: 0 });
        expect(b.map((x) => [...x.data])).toEqual(a.map((x) => [...x.data]));
      }
    } finally {
      await tif.close();
    }
  });
});
