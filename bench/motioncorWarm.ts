// Bench: per-movie time of motion correction in a long-lived process (the motioncor function host), against
// RELION's whole run, in one command. Each of our modes runs in its own child process: the host's own thread
// (WORKER_WARM unset) and warm worker threads (WORKER_WARM=true, as stack.yml sets); the first movie of each
// is reported apart (JIT and thread warm-up), the median of the rest is the per-movie time.
// node --import tsx bench/motioncorWarm.ts [--size 1024] [--frames 30] [--runs 6]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initFft } from '../lib/fft/index.js';
import { motionCorrect } from '../lib/motion/index.js';
import { sharedWorkerPool } from '../lib/parallel/workerPool.js';
import { simulateMovie, writeSynthMovie } from '../lib/synth/index.js';
import { relionMotioncorr } from './support/relionMotioncorr.js';
import { numberArg } from './support/numberArg.js';
import { median } from './support/median.js';
import { withHugePages } from '../lib/hugePages.js';

const dose = 1.2;

/** Child mode: motion-corrects the movie `runs` times in this process and prints each run's seconds as JSON. */
async function child(movie: string, runs: number): Promise<void> {
  await initFft();
  const pool = sharedWorkerPool();
  if (process.env.WORKER_WARM === 'true') await pool.whenWarm();
  const seconds: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    await motionCorrect(movie, { pixelSizeA: 1, voltageKv: 300, dosePerFrame: dose });
    seconds.push((performance.now() - t) / 1000);
  }
  process.stdout.write(`${JSON.stringify(seconds)}\n`);
  await pool.destroy();
}

const childAt = process.argv.indexOf('--child');
if (childAt > 0) {
  await child(process.argv[childAt + 1], numberArg('runs', 6));
} else {
  const size = numberArg('size', 1024);
  const frames = numberArg('frames', 30);
  const runs = numberArg('runs', 6);
  const dir = await mkdtemp(join(tmpdir(), 'bench-motioncor-warm-'));
  try {
    const sim = await simulateMovie({ width: size, frames, dosePerFrame: dose, seed: 11, particleContrast: 0.5, iceNoise: 0.15 });
    await writeSynthMovie(dir, sim, { format: 'tiff', name: 'movie' });
    const relionSeconds: number[] = [];
    for (let k = 0; k < 3; k++) relionSeconds.push((await relionMotioncorr(dir, { dosePerFrame: dose, patches: 0, out: `R${k}` })).seconds);
    const self = fileURLToPath(import.meta.url);
    const mode = (warm: boolean): number[] => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--child', join(dir, 'movie.tif'), '--runs', String(runs)], {
      // The function image's environment: malloc huge pages (functions/Dockerfile, lib/hugePages.ts).
      encoding: 'utf8', env: { ...withHugePages(process.env), WORKER_WARM: warm ? 'true' : 'false' },
    }).trim().split('\n').pop() ?? '[]') as number[];
    const inline = mode(false);
    const warm = mode(true);
    const r = median(relionSeconds);
    const line = (name: string, s: number[]): string => `${name}: first ${s[0].toFixed(3)} s, then median ${median(s.slice(1)).toFixed(3)} s (${s.slice(1).map((x) => x.toFixed(3)).join(' ')}); ratio to RELION ${(median(s.slice(1)) / r).toFixed(2)}`;
    process.stdout.write([
      `movie ${size}²×${frames}, ${dose} e/Å²/frame, global alignment, ${runs} runs per process`,
      `relion_run_motioncorr --use_own --j 2 (whole process): median ${r.toFixed(3)} s (${relionSeconds.map((x) => x.toFixed(3)).join(' ')})`,
      line('ours, host thread (WORKER_WARM=false)', inline),
      line('ours, warm threads (WORKER_WARM=true)', warm),
    ].join('\n') + '\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
