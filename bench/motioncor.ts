// Bench: our `cryoem-daq motioncor` vs `relion_run_motioncorr --use_own --j 2` on the same simulated movie, in one command, cold.
// node --import tsx bench/motioncor.ts [--kind tiff|eer|mrc] [--width 1024] [--height W] [--frames 30] [--eer-grouping 25]
//   [--mrc-mode 0] [--local-motion 0] [--patches 0] [--contrast 0.5] [--ice 0.15] [--hot-pixels 0] [--no-reference] [--no-relion] [--keep]
//   [--repeat 1] (N alternating runs of ours and RELION; the table's times are the medians)
//   [--no-relion-huge-pages] (skip the extra RELION run started with ours' malloc tunable)
// Detector presets: K3 --kind tiff --width 5760 --height 4092 --frames 50; Falcon 4i --kind eer --width 4096 --frames 40
// --eer-grouping 25 (1,000 raw frames); Falcon 4 MRC --kind mrc --mrc-mode 0 (int8; RELION 3.1.3 has no float16 mode 12).
// quality = CC(sum, clean, s ≤ 0.1) / CC(sum aligned by the true motion, clean) (issue 18's figure); with --local-motion the
// true motion includes the local field (undone by the same bilinear warp the sums use), and the old figure against the
// true global shifts alone is printed too ("vs global").
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
import { fieldRms } from './support/fieldRms.js';
import { relionMotioncorr } from './support/relionMotioncorr.js';
import { timedCommand } from './support/timedCommand.js';
import { numberArg } from './support/numberArg.js';
import { writeBenchMovie } from './support/motioncorMovie.js';
import { withHugePages } from '../lib/hugePages.js';
import type { MovieKind } from './support/motioncorMovie.js';

const kindAt = process.argv.indexOf('--kind');
const kind = (kindAt > 0 ? process.argv[kindAt + 1] : 'tiff') as MovieKind;
if (!['tiff', 'eer', 'mrc'].includes(kind)) throw new Error(`bench motioncor: --kind must be tiff, eer or mrc, got "${kind}"`);
const width = numberArg('width', numberArg('size', 1024));
const height = numberArg('height', width);
const frames = numberArg('frames', 30);
const local = numberArg('local-motion', 0);
const dose = 1.2;
const patches = numberArg('patches', 0);
const eerGrouping = numberArg('eer-grouping', 25);
const mrcMode = numberArg('mrc-mode', 0) as 0 | 1 | 2 | 6 | 12;

await initFft();
// Time the CLI users get after `npm ci`: the bundle, rebuilt so it matches the sources (a stale one would
// silently fall back to compiling them through tsx, about 0.2 s slower).
const built = spawnSync(process.execPath, [new URL('../scripts/buildCli.mjs', import.meta.url).pathname], { encoding: 'utf8' });
if (built.status !== 0) throw new Error(`scripts/buildCli.mjs failed: ${built.stderr}`);
const dir = await mkdtemp(join(tmpdir(), 'bench-motioncor-'));
try {
  const movie = await writeBenchMovie(dir, {
    kind, width, height, frames, dosePerFrame: dose, seed: 11, localMotionPx: local, particleContrast: numberArg('contrast', 0.5), iceNoise: numberArg('ice', 0.15),
    hotPixels: numberArg('hot-pixels', 0), eerGrouping, mrcMode, reference: !process.argv.includes('--no-reference'),
  });
  // The movie's 0.2–0.9 GB are still being written back to disk when writeBenchMovie returns: flush them first, so
  // the write-back does not fall inside the first timed command (ours), and not the second (RELION's).
  spawnSync('sync');
  const { truth, clean } = movie;
  const root = new URL('..', import.meta.url).pathname;
  // Run as users run it (README: ./bin/cryoem-daq.mjs): the shebang gives malloc huge pages (lib/hugePages.ts), which
  // `node bin/cryoem-daq.mjs` would skip. RELION runs in the bench's own environment, as its users run it.
  const bin = join(root, 'bin/cryoem-daq.mjs');
  const cli = ['motioncor', movie.file, '--apix', '1', '--kv', '300', '--dose', String(dose), ...(kind === 'eer' ? ['--eer-group', String(eerGrouping)] : [])];
  const ours = timedCommand(bin, [...cli, '-o', 'ours', ...(patches > 0 ? ['--patches', `${patches}x${patches}`] : [])], dir);
  const oursGlobal = patches > 0 && process.argv.includes('--global-too') ? timedCommand(bin, [...cli, '-o', 'global'], dir) : null;
  if (process.argv.includes('--no-relion')) {
    // Ours alone (a loaded machine, or memory measurements at 4K): no reference command, no comparison.
    const our = MotioncorResult.parse(JSON.parse(await readFile(join(dir, 'ours/movie.json'), 'utf8')));
    process.stdout.write(`ours only: ${ours.seconds.toFixed(2)} s, peak RSS ${ours.maxRssMb.toFixed(0)} MB, shift RMS vs truth ${shiftRms(our.results.shifts.map(([dx, dy]) => ({ dx, dy })), movie.truth.shifts).toFixed(3)} px; per stage (s): ${Object.entries(our.results.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}\n`);
  } else {
    const relionArgs = { dosePerFrame: dose, patches, movie: movie.file, eerGrouping: kind === 'eer' ? eerGrouping : undefined };
    const relion = await relionMotioncorr(dir, relionArgs);
    // --repeat N: N alternating runs of both (outputs of the later runs go to their own folders); times are then medians.
    const oursRuns = [ours];
    const relionRuns = [relion];
    for (let r = 1; r < numberArg('repeat', 1); r++) {
      oursRuns.push(timedCommand(bin, [...cli, '-o', `ours${r}`, ...(patches > 0 ? ['--patches', `${patches}x${patches}`] : [])], dir));
      relionRuns.push(await relionMotioncorr(dir, { ...relionArgs, out: `R${r}` }));
    }
    // RELION's own environment is the comparison the issue asks for; the same command started with our malloc tunable
    // (lib/hugePages.ts) is printed next to it, since it saves RELION far more than us (4096²×40: 52–62 s → 30 s).
    const relionHuge = process.argv.includes('--no-relion-huge-pages') ? null : await relionMotioncorr(dir, { ...relionArgs, out: 'RH', env: withHugePages(process.env) });
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
    const oursSeconds = median(oursRuns.map((x) => x.seconds));
    const relionSeconds = median(relionRuns.map((x) => x.seconds));
    const our = MotioncorResult.parse(JSON.parse(await readFile(join(dir, 'ours/movie.json'), 'utf8')));
    const ourShifts = our.results.shifts.map(([dx, dy]) => ({ dx, dy }));
    const rs = getStarTable(parseStar(await readFile(join(dir, 'R/movie.star'), 'utf8'), 'R/movie.star'), 'global_shift', 'R/movie.star');
    const rx = starColumn(rs, 'rlnMicrographShiftX', 'R/movie.star').map(Number);
    const ry = starColumn(rs, 'rlnMicrographShiftY', 'R/movie.star').map(Number);
    // RELION's rlnMicrographShift is the shift APPLIED to a frame (minus the content displacement), relative to frame 1.
    const relShifts = rx.map((x, i) => ({ dx: -(x - rx[0]), dy: -(ry[i] - ry[0]) }));
    const relShiftsPlus = rx.map((x, i) => ({ dx: x - rx[0], dy: ry[i] - ry[0] }));
    const read = async (p: string): Promise<Image2D> => readMrc(new Uint8Array(await readFile(join(dir, p))), p).images[0];
    const ccRef = movie.reference ? lowPassCorrelation(movie.reference, clean) : NaN;
    const ccRefGlobal = movie.referenceGlobal ? lowPassCorrelation(movie.referenceGlobal, clean) : NaN;
    const ccOurs = lowPassCorrelation(await read('ours/movie_noDW.mrc'), clean);
    const ccRelion = lowPassCorrelation(await read('R/movie_noDW.mrc'), clean);
    const ccOursDw = lowPassCorrelation(await read('ours/movie.mrc'), clean);
    const ccRelionDw = lowPassCorrelation(await read('R/movie.mrc'), clean);
    const what = kind === 'eer' ? `EER ${width}×${height}, ${frames * eerGrouping} raw frames grouped by ${eerGrouping} into ${frames}` : kind === 'mrc' ? `MRC mode ${mrcMode} ${width}×${height}×${frames}` : `LZW TIFF ${width}×${height}×${frames}`;
    const q = (cc: number): string => (Number.isFinite(ccRef) ? (cc / ccRef).toFixed(4) : 'n/a') + (Number.isFinite(ccRefGlobal) ? ` (vs global ${(cc / ccRefGlobal).toFixed(4)})` : '');
    process.stdout.write([
      `movie: ${what}, ${dose} e/Å²/frame, local motion ${local} px, patches ${patches > 0 ? `${patches}×${patches}` : 'none'}, hot pixels ${numberArg('hot-pixels', 0)}; written in ${movie.writeSeconds.toFixed(1)} s; CC(true-motion sum, clean) ${ccRef.toFixed(4)}${Number.isFinite(ccRefGlobal) ? `, CC(true-global sum, clean) ${ccRefGlobal.toFixed(4)}` : ''}`,
      `ours:   ${ours.seconds.toFixed(2)} s, peak RSS ${ours.maxRssMb.toFixed(0)} MB, quality ${q(ccOurs)} (CC noDW ${ccOurs.toFixed(4)}, DW ${ccOursDw.toFixed(4)}), shift RMS vs truth ${shiftRms(ourShifts, truth.shifts).toFixed(3)} px`,
      `ours per stage (s): ${Object.entries(our.results.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; start-up and writing outputs ${(ours.seconds - (our.results.timings.total ?? 0)).toFixed(2)}`,
      `relion: ${relion.seconds.toFixed(2)} s, peak RSS ${relion.maxRssMb.toFixed(0)} MB, quality ${q(ccRelion)} (CC noDW ${ccRelion.toFixed(4)}, DW ${ccRelionDw.toFixed(4)}), shift RMS vs truth ${shiftRms(relShifts, truth.shifts).toFixed(3)} px (other sign ${shiftRms(relShiftsPlus, truth.shifts).toFixed(3)})`,
      ...(relionHuge ? [`relion started with ours' malloc tunable (GLIBC_TUNABLES=glibc.malloc.hugetlb=1): ${relionHuge.seconds.toFixed(2)} s, peak RSS ${relionHuge.maxRssMb.toFixed(0)} MB; time ratio ours/that ${(oursSeconds / relionHuge.seconds).toFixed(2)}`] : []),
      ...(oursGlobal ? [`ours global only: ${oursGlobal.seconds.toFixed(2)} s, quality ${q(lowPassCorrelation(await read('global/movie_noDW.mrc'), clean))}`] : []),
      ...(local > 0 ? [`displacement field RMS vs truth (16×16 grid, every frame): ours ${fieldRms(ourShifts, our.results.localModel, truth, width, height).toFixed(3)} px, RELION global ${fieldRms(relShifts, null, truth, width, height).toFixed(3)} px`] : []),
      ...(oursRuns.length > 1 ? [`${oursRuns.length} alternating runs: ours ${oursRuns.map((x) => x.seconds.toFixed(2)).join(', ')} s; relion ${relionRuns.map((x) => x.seconds.toFixed(2)).join(', ')} s; time ratios ${oursRuns.map((x, i) => (x.seconds / relionRuns[i].seconds).toFixed(3)).join(', ')}; medians ${oursSeconds.toFixed(2)} / ${relionSeconds.toFixed(2)} s`] : []),
      `| ${what} | ${oursSeconds.toFixed(1)} s, ${(ours.maxRssMb / 1024).toFixed(2)} GB, q ${q(ccOurs)} | ${relionSeconds.toFixed(1)} s, ${(relion.maxRssMb / 1024).toFixed(2)} GB, q ${q(ccRelion)} | time ${(oursSeconds / relionSeconds).toFixed(2)}, memory ${(ours.maxRssMb / relion.maxRssMb).toFixed(2)}, overlay CC(ours, relion) ${lowPassCorrelation(await read('ours/movie_noDW.mrc'), await read('R/movie_noDW.mrc')).toFixed(4)} |`,
    ].join('\n') + '\n');
  }
} finally {
  if (!process.argv.includes('--keep')) await rm(dir, { recursive: true, force: true });
  else process.stdout.write(`kept ${dir}\n`);
}
