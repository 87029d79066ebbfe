// Bench (issue 22): F1 over coverage 5–40 % × stated diameter 0.75–1.5× truth, ours vs relion_autopick --LoG at its best threshold.
// Run: node --import tsx bench/pickCrowding.ts [--size 1024] [--apix 1] [--diameter 80] [--ours-only 1]
// RELION gets the same search range ours uses for a plain number (0.7·d … d) and, per cell, the best F1 over
// --LoG_adjust_threshold −1, −0.5, 0, 0.5, 1 (its threshold is mean + adjust·σ of the best-FOM map).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMrc } from '../lib/formats/mrc/index.js';
import { getStarTable, parseStar, starColumn } from '../lib/formats/star/index.js';
import { simulateMicrograph } from '../lib/synth/index.js';
import { matchPicks, pickMicrograph } from '../lib/pick/index.js';
import { numberArg } from './support/numberArg.js';

const size = numberArg('size', 1024);
const apix = numberArg('apix', 1);
const trueD = numberArg('diameter', 80);
const oursOnly = numberArg('ours-only', 0) === 1;
const coverages = [0.05, 0.15, 0.3, 0.4];
const factors = [0.75, 0.9, 1.1, 1.25, 1.5];
const adjusts = [-1, -0.5, 0, 0.5, 1];
const dir = mkdtempSync(join(tmpdir(), 'bench-pick-crowding-'));
mkdirSync(join(dir, 'Mics'));
const maxD = (0.2 * trueD) / apix;
const f1 = (picks: { x: number; y: number }[], truth: { x: number; y: number }[]): number => (2 * matchPicks(picks, truth, maxD).matched) / (picks.length + truth.length);

function relionF1(name: string, minA: number, maxA: number, adjust: number, truth: { x: number; y: number }[]): { f1: number; s: number } {
  const t0 = performance.now();
  execFileSync('relion_autopick', ['--i', `Mics/${name}.mrc`, '--odir', 'AutoPick/', '--pickname', 'autopick', '--LoG', '--LoG_diam_min', String(minA), '--LoG_diam_max', String(maxA), '--LoG_adjust_threshold', String(adjust), '--angpix', String(apix)], { cwd: dir, stdio: 'ignore' });
  const s = (performance.now() - t0) / 1000;
  const file = join(dir, 'AutoPick/Mics', `${name}_autopick.star`);
  let picks: { x: number; y: number }[] = [];
  try {
    const table = getStarTable(parseStar(readFileSync(file, 'utf8'), file), '', file);
    const ys = starColumn(table, 'rlnCoordinateY', file).map(Number);
    picks = starColumn(table, 'rlnCoordinateX', file).map((x, j) => ({ x: Number(x), y: ys[j] }));
  } catch { /* RELION writes no file, or an empty one, when it picks nothing */ }
  rmSync(file, { force: true });
  return { f1: f1(picks, truth), s };
}

let oursS = 0;
let relionS = 0;
try {
  process.stdout.write(`${size}² at ${apix} Å/px, true diameter ${trueD} Å, 40 e/Å²; F1 at 0.2 × diameter; cells: ours F1 [est. diameter] / RELION LoG best F1 (adjust)\n`);
  process.stdout.write(`coverage | ${factors.map((f) => `stated ${f}×`.padEnd(oursOnly ? 16 : 30)).join(' | ')}\n`);
  for (const [ci, coverage] of coverages.entries()) {
    const r = trueD / apix / 2;
    const sim = await simulateMicrograph({ width: size, pixelSizeA: apix, particleDiameterA: trueD, particleCount: Math.round((coverage * size * size) / (Math.PI * r * r)), totalDose: 40, seed: 220 + ci });
    const truth = sim.truth.particles.centres;
    const name = `cov${Math.round(coverage * 100)}`;
    const bytes = encodeMrc([sim.image], { pixelSizeA: apix });
    writeFileSync(join(dir, 'Mics', `${name}.mrc`), bytes);
    const cells: string[] = [];
    for (const factor of factors) {
      const d = factor * trueD;
      const t0 = performance.now();
      const ours = await pickMicrograph(bytes, name, { diameterA: d });
      oursS += (performance.now() - t0) / 1000;
      let cell = `${f1(ours.picks, truth).toFixed(2)} [${Math.round(ours.result.estimatedDiameterA ?? 0)} Å]`;
      if (!oursOnly) {
        const runs = adjusts.map((a) => ({ a, ...relionF1(name, 0.7 * d, d, a, truth) }));
        relionS += runs.reduce((s, x) => s + x.s, 0) / runs.length;
        const best = runs.reduce((b, x) => (x.f1 > b.f1 ? x : b));
        cell += ` / ${best.f1.toFixed(2)} (${best.a})`;
      }
      cells.push(cell.padEnd(oursOnly ? 16 : 30));
    }
    process.stdout.write(`${`${Math.round(coverage * 100)} % (${truth.length})`.padEnd(8)} | ${cells.join(' | ')}\n`);
  }
  process.stdout.write(`time: ours ${oursS.toFixed(2)} s${oursOnly ? '' : `, relion_autopick --LoG ${relionS.toFixed(2)} s per threshold sweep point (ratio ours/relion ${(oursS / relionS).toFixed(2)})`}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
