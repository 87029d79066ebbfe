// Bench: the patch stage's settings against local-motion quality, on one simulated movie written once and kept.
// node --import tsx bench/motioncorLocal.ts [--dir /tmp/motioncor-local] [--width 2048] [--frames 40] [--local-motion 2.5]
//   [--patches 5] [--contrast 0.5] [--ice 0.15] [--seed 11] [--variants name,name]  (variants below; quality as bench/motioncor: CC(noDW sum, clean, s ≤ 0.1) over
//   CC(sum aligned by the true motion, local field included, clean); "vs global": over the true-global-shift sum)
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initFft } from '../lib/fft/index.js';
import type { Image2D } from '../lib/image.js';
import { motionCorrect } from '../lib/motion/index.js';
import type { LocalAlignmentOptions } from '../lib/motion/motionCorrectTypes.js';
import { lowPassCorrelation } from '../lib/motion/quality.js';
import { parseSynthTruth } from '../lib/synth/index.js';
import { fieldRms } from './support/fieldRms.js';
import { writeBenchMovie } from './support/motioncorMovie.js';
import { numberArg } from './support/numberArg.js';

const VARIANTS: Record<string, LocalAlignmentOptions> = {
  before: { bfactor: 150, tileScale: 1, group: 1, trackOffsets: false },
  offsets: { bfactor: 150, tileScale: 1, group: 1, trackOffsets: true },
  b100: { bfactor: 100, tileScale: 1, group: 1, trackOffsets: true },
  b300: { bfactor: 300, tileScale: 1, group: 1, trackOffsets: true },
  b500: { bfactor: 500, tileScale: 1, group: 1, trackOffsets: true },
  near: { bfactor: 150, tileScale: 1, group: 1, trackOffsets: true, maxShift: 5 },
  tile15: { bfactor: 150, tileScale: 1.5, group: 1, trackOffsets: true },
  tile2: { bfactor: 150, tileScale: 2, group: 1, trackOffsets: true },
  group2: { bfactor: 150, tileScale: 1, group: 2, trackOffsets: true },
  group4: { bfactor: 150, tileScale: 1, group: 4, trackOffsets: true },
  t2g4: { bfactor: 150, tileScale: 2, group: 4, trackOffsets: true },
  t2g4b500: { bfactor: 500, tileScale: 2, group: 4, trackOffsets: true },
  // motionCorrect's defaults.
  default: {},
};

const dir = process.argv.includes('--dir') ? process.argv[process.argv.indexOf('--dir') + 1] : '/tmp/motioncor-local';
const width = numberArg('width', 2048);
const frames = numberArg('frames', 40);
const localPx = numberArg('local-motion', 2.5);
const patches = numberArg('patches', 5);
const contrast = numberArg('contrast', 0.5);
const ice = numberArg('ice', 0.15);
const seed = numberArg('seed', 11);
const names = process.argv.includes('--variants') ? process.argv[process.argv.indexOf('--variants') + 1].split(',') : Object.keys(VARIANTS);
await initFft();
const img = async (name: string): Promise<Image2D> => ({ width, height: width, data: new Float32Array((await readFile(join(dir, name))).buffer.slice(0)) });
if (!existsSync(join(dir, 'clean.f32'))) {
  await mkdir(dir, { recursive: true });
  const m = await writeBenchMovie(dir, { kind: 'tiff', width, height: width, frames, dosePerFrame: 1.2, seed, localMotionPx: localPx, particleContrast: contrast, iceNoise: ice, eerGrouping: 1, mrcMode: 0, reference: true });
  if (!m.reference || !m.referenceGlobal) throw new Error('bench motioncorLocal: the movie needs local motion (--local-motion > 0)');
  await writeFile(join(dir, 'truth.json'), JSON.stringify(m.truth));
  for (const [name, im] of [['clean.f32', m.clean], ['ref.f32', m.reference], ['refGlobal.f32', m.referenceGlobal]] as const) await writeFile(join(dir, name), new Uint8Array(im.data.buffer, im.data.byteOffset, im.data.byteLength));
  process.stdout.write(`wrote ${dir}/movie.tif in ${m.writeSeconds.toFixed(1)} s\n`);
}
const truth = parseSynthTruth(await readFile(join(dir, 'truth.json'), 'utf8'));
const clean = await img('clean.f32');
const ccRef = lowPassCorrelation(await img('ref.f32'), clean);
const ccGlobal = lowPassCorrelation(await img('refGlobal.f32'), clean);
process.stdout.write(`${width}²×${frames}, local motion ${localPx} px, contrast ${contrast}, ice ${ice}, seed ${seed}, ${patches}×${patches} patches; CC(true-motion sum) ${ccRef.toFixed(4)}, CC(true-global sum) ${ccGlobal.toFixed(4)}\n`);
process.stdout.write('| variant | quality | vs global | field RMS px | model fit RMSD px | patch stage s |\n| --- | --- | --- | --- | --- | --- |\n');
for (const name of names) {
  const v = VARIANTS[name];
  if (!v) throw new Error(`bench motioncorLocal: unknown variant "${name}" (known: ${Object.keys(VARIANTS).join(', ')})`);
  const out = await motionCorrect(join(dir, 'movie.tif'), { pixelSizeA: 1, dosePerFrame: 1.2, patches: [patches, patches], localAlignment: v });
  const cc = lowPassCorrelation(out.noDw, clean);
  const r = out.results;
  process.stdout.write(`| ${name} ${JSON.stringify(v)} | ${(cc / ccRef).toFixed(4)} | ${(cc / ccGlobal).toFixed(4)} | ${fieldRms(out.shifts, r.localModel, truth, width, width).toFixed(3)} | ${r.localModel?.rmsdPx.toFixed(3) ?? 'no model'} | ${r.timings.patches?.toFixed(2) ?? '-'} |\n`);
}
