// Bench: our `cryoem-daq motioncor` vs `relion_run_motioncorr --use_own --j 2` on the same simulated movie, in one command.
// node --import tsx bench/motioncor.ts [--size 1024] [--frames 30] [--local-motion 0] [--patches 0] [--contrast 0.5] [--ice 0.15] [--hot-pixels 0] [--keep]
// --hot-pixels N: N detector hot pixels (~50 counts per frame each), as every real camera has.
// --patches N: ours with --patches NxN and RELION with --patch_x N --patch_y N (plus ours global-only, to show what patches gain).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initFft } from '../lib/fft/index.js';
import type { Image2D } from '../lib/image.js';
import { lowPassCorrelation, shiftRms } from '../lib/motion/quality.js';
import { readMrc } from '../lib/formats/mrc/index.js';
import { getStarTable, parseStar, starColumn } from '../lib/formats/star/index.js';
import { MotioncorResult } from '../lib/motion/index.js';
import { localShiftAt, simulateMovie, writeSynthMovie } from '../lib/synth/index.js';
import { localShift } from '../lib/motion/localModel.js';
import type { SynthTruth } from '../lib/synth/index.js';
import { relionMotioncorr } from './support/relionMotioncorr.js';
import { timedCommand } from './support/timedCommand.js';
import { numberArg } from './support/numberArg.js';

const size = numberArg('size', 1024);
const frames = numberArg('frames', 30);
const local = numberArg('local-motion', 0);
const dose = 1.2;
const patches = numberArg('patches', 0);



type Model = { coeffX: number[]; coeffY: number[] } | null;

/**
 * RMS over frames and a 16×16 grid of the total displacement (global + local field) of a run against the truth's:
 * with local motion this is the accuracy that matters (a global shift can at best follow the field's mean).
 */
function fieldRms(shifts: { dx: number; dy: number }[], model: Model, truth: SynthTruth, w: number): number {
  let s = 0;
  let n = 0;
  for (let z = 0; z < shifts.length; z++) {
    for (let gy = 0; gy < 16; gy++) {
      for (let gx = 0; gx < 16; gx++) {
        const x = ((gx + 0.5) * w) / 16;
        const y = ((gy + 0.5) * w) / 16;
        const t = truth.localMotion ? localShiftAt(truth.localMotion, z, x, y, w, w) : { dx: 0, dy: 0 };
        const o = model ? localShift(model, z, x, y, w, w) : { dx: 0, dy: 0 };
        s += (shifts[z].dx + o.dx - truth.shifts[z].dx - t.dx) ** 2 + (shifts[z].dy + o.dy - truth.shifts[z].dy - t.dy) ** 2;
        n++;
      }
    }
  }
  return Math.sqrt(s / n);
}

await initFft();
// Time the CLI users get after `npm ci`: the bundle, rebuilt so it matches the sources (a stale one would
// silently fall back to compiling them through tsx, about 0.2 s slower).
const built = spawnSync(process.execPath, [new URL('../scripts/buildCli.mjs', import.meta.url).pathname], { encoding: 'utf8' });
if (built.status !== 0) throw new Error(`scripts/buildCli.mjs failed: ${built.stderr}`);
const dir = await mkdtemp(join(tmpdir(), 'bench-motioncor-'));
try {
  const sim = await simulateMovie({ width: size, frames, dosePerFrame: dose, seed: 11, localMotionPx: local, particleContrast: numberArg('contrast', 0.5), iceNoise: numberArg('ice', 0.15), hotPixels: numberArg('hot-pixels', 0) });
  const truth = await writeSynthMovie(dir, sim, { format: 'tiff', name: 'movie' });
  const clean = sim.clean;
  const root = new URL('..', import.meta.url).pathname;
  const cli = ['motioncor', 'movie.tif', '--apix', '1', '--kv', '300', '--dose', String(dose)];
  const ours = timedCommand('node', [join(root, 'bin/cryoem-daq.mjs'), ...cli, '-o', 'ours', ...(patches > 0 ? ['--patches', `${patches}x${patches}`] : [])], dir);
  const oursGlobal = patches > 0 ? timedCommand('node', [join(root, 'bin/cryoem-daq.mjs'), ...cli, '-o', 'global'], dir) : null;
  const relion = await relionMotioncorr(dir, { dosePerFrame: dose, patches });
  const our = MotioncorResult.parse(JSON.parse(await readFile(join(dir, 'ours/movie.json'), 'utf8')));
  const ourShifts = our.results.shifts.map(([dx, dy]) => ({ dx, dy }));
  const rs = getStarTable(parseStar(await readFile(join(dir, 'R/movie.star'), 'utf8'), 'R/movie.star'), 'global_shift', 'R/movie.star');
  const rx = starColumn(rs, 'rlnMicrographShiftX', 'R/movie.star').map(Number);
  const ry = starColumn(rs, 'rlnMicrographShiftY', 'R/movie.star').map(Number);
  // RELION's rlnMicrographShift is the shift APPLIED to a frame (minus the content displacement), relative to frame 1.
  const relShifts = rx.map((x, i) => ({ dx: -(x - rx[0]), dy: -(ry[i] - ry[0]) }));
  const relShiftsPlus = rx.map((x, i) => ({ dx: x - rx[0], dy: ry[i] - ry[0] }));
  const read = async (p: string): Promise<Image2D> => readMrc(new Uint8Array(await readFile(join(dir, p))), p).images[0];
  const ccOurs = lowPassCorrelation(await read('ours/movie_noDW.mrc'), clean);
  const ccRelion = lowPassCorrelation(await read('R/movie_noDW.mrc'), clean);
  const ccOursDw = lowPassCorrelation(await read('ours/movie.mrc'), clean);
  const ccRelionDw = lowPassCorrelation(await read('R/movie.mrc'), clean);
  const ccGlobal = oursGlobal ? lowPassCorrelation(await read('global/movie_noDW.mrc'), clean) : NaN;
  const globalRun = oursGlobal ? MotioncorResult.parse(JSON.parse(await readFile(join(dir, 'global/movie.json'), 'utf8'))) : null;
  const globalShifts = globalRun ? globalRun.results.shifts.map(([dx, dy]) => ({ dx, dy })) : [];
  const orient = lowPassCorrelation(await read('ours/movie_noDW.mrc'), await read('R/movie_noDW.mrc'));
  process.stdout.write([
    `movie ${size}²×${frames}, ${dose} e/Å²/frame, local motion ${local} px, patches ${patches > 0 ? `${patches}×${patches}` : 'none'}, contrast ${numberArg('contrast', 0.5)}, hot pixels ${numberArg('hot-pixels', 0)}, truth drift path ${our.results.motionPx.total.toFixed(1)} px (ours)`,
    `ours:   ${ours.seconds.toFixed(2)} s, peak RSS ${ours.maxRssMb.toFixed(0)} MB, shift RMS vs truth ${shiftRms(ourShifts, truth.shifts).toFixed(3)} px, CC(noDW, clean, s≤0.1) ${ccOurs.toFixed(4)}, CC(DW) ${ccOursDw.toFixed(4)}`,
    `relion: ${relion.seconds.toFixed(2)} s, peak RSS ${relion.maxRssMb.toFixed(0)} MB, shift RMS vs truth ${shiftRms(relShifts, truth.shifts).toFixed(3)} px (other sign: ${shiftRms(relShiftsPlus, truth.shifts).toFixed(3)}), CC(noDW) ${ccRelion.toFixed(4)}, CC(DW) ${ccRelionDw.toFixed(4)}`,
    ...(oursGlobal ? [`ours global only: ${oursGlobal.seconds.toFixed(2)} s, CC(noDW) ${ccGlobal.toFixed(4)}; with ${patches}×${patches} patches CC(noDW) ${ccOurs.toFixed(4)}, local model fit RMSD ${our.results.localModel?.rmsdPx.toFixed(2) ?? 'none'} px`] : []),
    ...(local > 0 ? [`displacement field RMS vs truth (global + local, 16×16 grid, every frame): ours with patches ${fieldRms(ourShifts, our.results.localModel, truth, size).toFixed(3)} px${globalRun ? `, ours global only ${fieldRms(globalShifts, null, truth, size).toFixed(3)} px` : ''}, RELION global ${fieldRms(relShifts, null, truth, size).toFixed(3)} px`] : []),
    `time ratio ours/relion ${(ours.seconds / relion.seconds).toFixed(2)}; memory ratio ${(ours.maxRssMb / relion.maxRssMb).toFixed(2)}; CC ratio ours/relion ${(ccOurs / ccRelion).toFixed(4)}; overlay CC(ours, relion) ${orient.toFixed(4)}`,
  ].join('\n') + '\n');
} finally {
  if (!process.argv.includes('--keep')) await rm(dir, { recursive: true, force: true });
  else process.stdout.write(`kept ${dir}\n`);
}
