// Bench: our DoG picker vs RELION 3.1's LoG picker (relion_autopick --LoG) on the same simulated micrographs: recall, precision, time.
// Run: node --import tsx bench/pick.ts [size=2048] [apix=1.5]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMrc } from '../lib/formats/mrc/index.js';
import { getStarTable, parseStar, starColumn } from '../lib/formats/star/index.js';
import { simulateMicrograph } from '../lib/synth/index.js';
import { matchPicks, pickMicrograph } from '../lib/pick/index.js';

const size = Number(process.argv[2] ?? 2048);
const apix = Number(process.argv[3] ?? 1.5);
const cases = [
  { name: 'sparse_df15k', diameterA: 150, defocusUA: 15000, coverage: 0.05 },
  { name: 'medium_df25k', diameterA: 150, defocusUA: 25000, coverage: 0.15 },
  { name: 'dense_df10k', diameterA: 180, defocusUA: 10000, coverage: 0.25 },
  { name: 'dense_df30k', diameterA: 180, defocusUA: 30000, coverage: 0.25 },
];

const dir = mkdtempSync(join(tmpdir(), 'bench-pick-'));
mkdirSync(join(dir, 'Mics'));
const fmt = (v: number): string => v.toFixed(3);
let oursS = 0;
let relionS = 0;
try {
  process.stdout.write(`${size}² at ${apix} Å/px, 40 e/Å²; match distance 0.2 × diameter\n`);
  process.stdout.write('case            truth | ours: picks recall precision   s | relion LoG: picks recall precision   s\n');
  for (const [i, c] of cases.entries()) {
    const dPx = c.diameterA / apix;
    const count = Math.round((c.coverage * size * size) / (Math.PI * (dPx / 2) ** 2));
    const sim = await simulateMicrograph({ width: size, pixelSizeA: apix, particleDiameterA: c.diameterA, particleCount: count, ctf: { defocusUA: c.defocusUA }, totalDose: 40, seed: 100 + i });
    const file = join(dir, 'Mics', `${c.name}.mrc`);
    const bytes = encodeMrc([sim.image], { pixelSizeA: apix });
    writeFileSync(file, bytes);
    const truth = sim.truth.particles.centres;
    const maxD = (0.2 * c.diameterA) / apix;

    let t0 = performance.now();
    const ours = await pickMicrograph(new Uint8Array(readFileSync(file)), file, { diameterA: c.diameterA });
    const tOurs = (performance.now() - t0) / 1000;
    oursS += tOurs;
    const mo = matchPicks(ours.picks, truth, maxD);

    // RELION: one micrograph per run so each gets its own diameter range; ±20 % around the true diameter.
    t0 = performance.now();
    execFileSync('relion_autopick', ['--i', `Mics/${c.name}.mrc`, '--odir', 'AutoPick/', '--pickname', 'autopick', '--LoG', '--LoG_diam_min', String(0.8 * c.diameterA), '--LoG_diam_max', String(1.2 * c.diameterA), '--angpix', String(apix)], { cwd: dir, stdio: 'ignore' });
    const tRelion = (performance.now() - t0) / 1000;
    relionS += tRelion;
    const starFile = join(dir, 'AutoPick/Mics', `${c.name}_autopick.star`);
    const table = getStarTable(parseStar(readFileSync(starFile, 'utf8'), starFile), '', starFile);
    const xs = starColumn(table, 'rlnCoordinateX', starFile).map(Number);
    const ys = starColumn(table, 'rlnCoordinateY', starFile).map(Number);
    const mr = matchPicks(xs.map((x, j) => ({ x, y: ys[j] })), truth, maxD);

    process.stdout.write(`${c.name.padEnd(15)} ${String(truth.length).padStart(5)} | ${String(ours.picks.length).padStart(11)} ${fmt(mo.recall).padStart(6)} ${fmt(mo.precision).padStart(9)} ${tOurs.toFixed(2).padStart(5)} | ${String(xs.length).padStart(17)} ${fmt(mr.recall).padStart(6)} ${fmt(mr.precision).padStart(9)} ${tRelion.toFixed(2).padStart(5)}\n`);
  }
  process.stdout.write(`total time: ours ${oursS.toFixed(2)} s, relion_autopick --LoG ${relionS.toFixed(2)} s (ratio ours/relion ${(oursS / relionS).toFixed(2)})\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
