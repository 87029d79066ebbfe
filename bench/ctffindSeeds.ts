// Bench: the angle scatter of one astigmatic case over noise seeds, ours against CTFFIND 4.1.14 on the same micrographs.
// CTFFIND_REF=/path/to/ctffind node --import tsx bench/ctffindSeeds.ts [--case 0] [--seeds 8] [--size 2048]
// A case's angle error on one micrograph is one draw of noise: this shows whether a miss is scatter or a bias.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMrc } from '../lib/formats/mrc/index.js';
import { CtffindResult, parseCtffindOutput } from '../lib/ctf/index.js';
import { directMicrograph } from '../test/lib/ctf/directCtf.js';
import { ctfCases } from './support/ctfCases.js';
import { numberArg } from './support/numberArg.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const size = numberArg('size', 2048);
const c = ctfCases(numberArg('case', 0) + 1, [size])[numberArg('case', 0)];
const refBin = process.env.CTFFIND_REF;
const haveRef = refBin !== undefined && existsSync(refBin);
const cli = path.join(root, 'dist/bench-cli');
const build = spawnSync('node', [path.join(root, 'scripts/buildCli.mjs'), '--outdir', cli], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`bench ctffindSeeds: CLI bundle failed: ${build.stderr}`);

/** Fitted minus true angle, in (−90°, 90°]. */
const angleError = (a: number): number => {
  const d = (((a - c.ctf.angleDeg) % 180) + 180) % 180;
  return d > 90 ? d - 180 : d;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const rms = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => x * x)));

console.log(`case ${c.id}: ${size}², ${c.pixelA} Å/px, ${c.dose} e/Å², Δf ${c.ctf.df1A}/${c.ctf.df2A} Å (astigmatism ${(c.ctf.df1A - c.ctf.df2A).toFixed(0)} Å) at ${c.ctf.angleDeg}°`);
console.log('seed | ours: angle error (fitted − true) °, mean defocus error Å | CTFFIND: the same');
const ours: number[] = [];
const ref: number[] = [];
for (let k = 0; k < numberArg('seeds', 8); k++) {
  const seed = c.seed + 1000 * k;
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-ctf-seeds-'));
  try {
    await mkdir(path.join(dir, 'ours'));
    await writeFile(path.join(dir, 'mic.mrc'), encodeMrc([await directMicrograph({ size, pixelA: c.pixelA, dose: c.dose, ctf: c.ctf, seed })], { pixelSizeA: c.pixelA }));
    const run = spawnSync('node', [path.join(cli, 'run.mjs'), 'ctffind', 'mic.mrc', '-o', 'ours', '--min-df', '2000', '--max-df', '55000', '--astig-restraint', '3000'], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`ours failed: ${run.stderr}`);
    const o = CtffindResult.parse(JSON.parse(await readFile(path.join(dir, 'ours/mic.json'), 'utf8'))).results;
    ours.push(angleError(o.astigmatismAngle));
    let refPart = '(no reference)';
    if (haveRef) {
      const input = ['mic.mrc', 'ref_ctf.mrc', c.pixelA, 300, 2.7, 0.07, 512, 30, 5, 2000, 55000, 100, 'no', 'no', 'yes', 3000, 'no', 'no', ''].join('\n');
      const r = spawnSync(refBin ?? '', [], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
      if (r.status !== 0) throw new Error(`CTFFIND failed: ${r.stderr}`);
      const f = parseCtffindOutput(await readFile(path.join(dir, 'ref_ctf.txt'), 'utf8'));
      ref.push(angleError(f.astigmatismAngle));
      refPart = `${ref[ref.length - 1].toFixed(1).padStart(5)}, ${((Math.abs(f.defocusU - c.ctf.df1A) + Math.abs(f.defocusV - c.ctf.df2A)) / 2).toFixed(0).padStart(4)}`;
    }
    console.log(`${String(seed).padStart(5)} | ${ours[ours.length - 1].toFixed(1).padStart(5)}, ${((Math.abs(o.defocusU - c.ctf.df1A) + Math.abs(o.defocusV - c.ctf.df2A)) / 2).toFixed(0).padStart(4)} | ${refPart}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const side = (xs: number[]): string => `RMS ${rms(xs).toFixed(2)}°, mean (signed) ${mean(xs).toFixed(2)}°, within 2° ${xs.filter((x) => Math.abs(x) <= 2).length}/${xs.length}`;
console.log(`angle error (fitted − true) over ${ours.length} seeds: ours ${side(ours)}` + (ref.length ? `; CTFFIND ${side(ref)}` : ''));
