// Throughput of the real embedded stack (store → connector → gateway → motioncor, ctffind, pick, finalize → archive):
// one lone movie first (end-to-end latency ÷ the sum of its four steps' own times = the runtime's overhead, target ≤ 1.2),
// then N movies uploaded at once: movies/h and end-to-end latency p50/p95. Times come from the steps' result JSON.
// Run: node --import tsx bench/throughput.ts [--movies 10] [--size 512] [--frames 16] [--tif 1]
//   issue cases: --movies 100 --size 1024 --frames 30 --tif 1   and   --movies 10 --size 4096 --frames 40 --tif 1
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { resultKey, STEPS, type MovieRef } from '../lib/events/pipeline.js';
import { encodeMrc } from '../lib/formats/mrc/index.js';
import { writeTiffMovie } from '../lib/formats/tiff/write.js';
import type { Image2D } from '../lib/image.js';
import { createS3Client } from '../lib/store/index.js';
import { loadStackConfig } from '../single-machine/config.js';
import { startStack, type RunningStack } from '../single-machine/startStack.js';
import { numberArg } from './support/numberArg.js';

const MOVIES = numberArg('movies', 10);
const SIZE = numberArg('size', 512);
const FRAMES = numberArg('frames', 16);
const TIF = numberArg('tif', 0) === 1;
const Result = z.object({ timings: z.object({ startedAt: z.string(), seconds: z.number() }) });

/** Poisson-like counts around 10 with a seed-dependent pattern: every movie has its own ETag. */
function frames(seed: number): Image2D[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  const rand = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  return Array.from({ length: FRAMES }, () => {
    const data = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(8 + 5 * rand() + 3 * Math.sin((i % SIZE) / (3 + (seed % 5))));
    return { width: SIZE, height: SIZE, data };
  });
}

async function movieBytes(dir: string, seed: number): Promise<Uint8Array> {
  if (!TIF) return encodeMrc(frames(seed), { pixelSizeA: 1, mode: 1 });
  const file = join(dir, `m${seed}.tif`);
  await writeTiffMovie(file, frames(seed));
  return readFile(file);
}

const ref = (movie: string): MovieRef => ({ experiment: 'bench', session: 's1', movie });
const rawKey = (movie: string) => `raw/bench/s1/${movie}.${TIF ? 'tif' : 'mrc'}`;

/** Each step's own seconds and the end time (epoch ms) of finalize, once its result JSON exists; polled every 100 ms. */
async function finished(stack: RunningStack, movie: string): Promise<{ steps: number[]; endMs: number }> {
  for (;;) {
    if (await stack.store.head(resultKey('finalize', ref(movie)))) {
      const results = await Promise.all(STEPS.map(async (s) => Result.parse(JSON.parse(new TextDecoder().decode(await stack.store.getBytes(resultKey(s, ref(movie))))))));
      const fin = results[results.length - 1].timings;
      return { steps: results.map((r) => r.timings.seconds), endMs: Date.parse(fin.startedAt) + fin.seconds * 1000 };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-throughput-'));
  const config = loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo']);
  const stack = await startStack(config);
  const s3 = createS3Client(stack.storeConfig);
  try {
    await stack.connector.started;
    const put = async (movie: string, bytes: Uint8Array) => {
      const t0 = Date.now();
      await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: rawKey(movie), Body: bytes }));
      return t0;
    };
    const lone = await put('lone', await movieBytes(dir, 9999));
    const l = await finished(stack, 'lone');
    const loneE2e = (l.endMs - lone) / 1000;
    const loneSteps = l.steps.reduce((a, b) => a + b, 0);

    // One movie at a time: a 4096²×40 movie's frames are 2.7 GB of floats while it is being written.
    const bodies: Uint8Array[] = [];
    for (let i = 0; i < MOVIES; i++) bodies.push(await movieBytes(dir, i + 1));
    const burst = Date.now();
    const starts = await Promise.all(bodies.map((b, i) => put(`m${i}`, b)));
    const done = await Promise.all(starts.map((_, i) => finished(stack, `m${i}`)));
    const lat = done.map((d, i) => (d.endMs - starts[i]) / 1000).sort((a, b) => a - b);
    const wall = (Math.max(...done.map((d) => d.endMs)) - burst) / 1000;
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    console.log(`commit ${commit}; ${MOVIES} × ${SIZE}²×${FRAMES} ${TIF ? 'TIFF' : 'MRC'}; node ${process.version}`);
    console.log(`lone movie: end-to-end ${loneE2e.toFixed(2)} s, its steps ${l.steps.map((s, i) => `${STEPS[i]} ${s.toFixed(2)}`).join(', ')} (sum ${loneSteps.toFixed(2)} s); overhead ratio ${(loneE2e / loneSteps).toFixed(2)} (target ≤ 1.2)`);
    console.log(`burst: all finalized ${wall.toFixed(1)} s after the first upload began: ${((MOVIES / wall) * 3600).toFixed(0)} movies/h; end-to-end latency p50 ${q(lat, 0.5).toFixed(1)} s, p95 ${q(lat, 0.95).toFixed(1)} s`);
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
