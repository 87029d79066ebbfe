// Benchmark: TIFF frames decoded per second, LZW vs uncompressed (ratio), and peak RSS reading and Fourier-cropping a 4096×4096×40 movie.
// Run: node --import tsx bench/read.ts [frames=10] [rssFrames=40]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Image2D } from '../lib/image.js';
import { openMovie } from '../lib/formats/movie.js';
import { writeTiffMovie } from '../lib/formats/tiff/write.js';
import { fft2d, fourierCrop, initFft } from '../lib/fft/index.js';
import type { Spectrum2D } from '../lib/fft/index.js';

if (process.argv[2] === '--read') {
  // Read every frame and keep only its Fourier-cropped 1024² spectrum, as motion correction does.
  await initFft();
  const m = await openMovie(process.argv[3]);
  const fft = fft2d(m.width, m.height);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const kept: Spectrum2D[] = [];
  const t = performance.now();
  for (let i = 0; i < m.frameCount; i++) {
    kept.push(fourierCrop(fft.forward(await m.readFrame(i)), 1024, 1024));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  await m.close();
  console.log(JSON.stringify({ baseline, peak, kept: kept.length, maxRss: process.resourceUsage().maxRSS * 1024, seconds: (performance.now() - t) / 1000 }));
  process.exit(0);
}

const N = 4096;
const frames = Number(process.argv[2] ?? 10);
const rssFrames = Number(process.argv[3] ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'bench-read-'));

/** A counting-mode-like uint8 frame: mostly 0 and 1 (≈ 1 e/px Poisson), as SerialEM LZW TIFFs hold. */
function countingFrame(seed: number): Image2D {
  let s = seed >>> 0;
  const data = new Float32Array(N * N);
  const L = Math.exp(-1);
  for (let i = 0; i < data.length; i++) {
    let k = 0;
    for (let p = (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32; p > L; p *= (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) k++;
    data[i] = k;
  }
  return { width: N, height: N, data };
}

async function framesPerSecond(path: string): Promise<number> {
  const m = await openMovie(path);
  const t0 = performance.now();
  for (let i = 0; i < m.frameCount; i++) await m.readFrame(i);
  const s = (performance.now() - t0) / 1000;
  await m.close();
  return m.frameCount / s;
}

try {
  const base = [countingFrame(1), countingFrame(2)];
  const src = Array.from({ length: frames }, (_, i) => base[i % 2]);
  const lzw = join(dir, 'lzw.tif');
  const raw = join(dir, 'none.tif');
  const t = performance.now();
  await writeTiffMovie(lzw, src, { bitsPerSample: 8, compression: 'lzw' });
  const writeLzwS = (performance.now() - t) / 1000;
  await writeTiffMovie(raw, src, { bitsPerSample: 8, compression: 'none' });
  const fpsLzw = await framesPerSecond(lzw);
  const fpsRaw = await framesPerSecond(raw);
  console.log(`${N}×${N} uint8, ${frames} frames: LZW file ${(statSync(lzw).size / 2 ** 20).toFixed(1)} MiB vs ${(statSync(raw).size / 2 ** 20).toFixed(1)} MiB; LZW write ${(frames / writeLzwS).toFixed(1)} frames/s`);
  console.log(`read LZW ${fpsLzw.toFixed(2)} frames/s, uncompressed ${fpsRaw.toFixed(2)} frames/s, ratio LZW/uncompressed = ${(fpsLzw / fpsRaw).toFixed(3)}`);

  // Peak RSS while reading a 40-frame movie frame by frame (the whole movie would be 40 × 64 MiB as float).
  const big = join(dir, 'big.tif');
  await writeTiffMovie(big, Array.from({ length: rssFrames }, (_, i) => base[i % 2]), { bitsPerSample: 8, compression: 'lzw' });
  // Read in a fresh process so the RSS is the reader's own, not this process's generated frames.
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--read', big], { encoding: 'utf8' });
  const r = JSON.parse(out) as { baseline: number; peak: number; maxRss: number; seconds: number };
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  console.log(`${N}×${N}×${rssFrames} uint8 LZW read and Fourier-cropped to 1024² frame by frame in ${r.seconds.toFixed(1)} s: RSS ${mib(r.baseline)} MiB after open, peak ${mib(r.peak)} MiB (max RSS ${mib(r.maxRss)} MiB); one float frame = 64 MiB, the whole movie as float would be ${mib(rssFrames * N * N * 4)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
