// Bench: our `cryoem-daq ctffind` vs the real CTFFIND 4.1.14 (CTFFIND_REF=/path/to/ctffind) on the same micrographs,
// whole commands, in one run: per-case defocus and angle errors, mean error ratio, time ratio, peak memory.
// node --import tsx bench/ctffind.ts [--full] [--cases 8] [--size 2048] [--keep]
// Default: 8 cases at 2048². --full: 24 cases cycling 1024², 2048², 4096². "warm" is ours in a process of its own after its
// first run (the function's steady state, one thread); "s" and "cpu" are whole cold commands. Micrographs come from the direct CTF
// formula in test/lib/ctf/directCtf.ts (no code shared with lib/ctf or lib/synth). Without CTFFIND_REF only ours runs.
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
import type { CtfCase } from './support/ctfCases.js';
import { numberArg } from './support/numberArg.js';
import { timedCommand } from './support/timedCommand.js';
import { withHugePages } from '../lib/hugePages.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const full = process.argv.includes('--full');
const cases = ctfCases(numberArg('cases', full ? 24 : 8), full ? [1024, 2048, 4096] : [numberArg('size', 2048)]);
const refBin = process.env.CTFFIND_REF;
const haveRef = refBin !== undefined && existsSync(refBin);
// The same search for both programs: 30–5 Å, defocus 2,000–55,000 Å in 100 Å steps, astigmatism restrained to 3,000 Å.
const SEARCH = { minResA: 30, maxResA: 5, minDefocusA: 2000, maxDefocusA: 55000, defocusStepA: 100, box: 512 };

interface Fit { defocusU: number; defocusV: number; astigmatismAngle: number; seconds: number; cpuSeconds: number; maxRssMb: number; warmSeconds?: number; hugePagesSeconds?: number }
// Our command runs from a bundle built for this run (dist/bench-cli): bin/cryoem-daq.mjs would fall back to the
// TypeScript sources through tsx for the rest of the run if a source were edited meanwhile, and time that instead.
const benchCli = path.join(root, 'dist/bench-cli');

async function runOurs(dir: string): Promise<Fit> {
  const args = [path.join(benchCli, 'run.mjs'), 'ctffind', 'mic.mrc', '-o', 'ours', '--min-df', String(SEARCH.minDefocusA), '--max-df', String(SEARCH.maxDefocusA), '--astig-restraint', '3000'];
  // The environment bin/cryoem-daq.mjs's shebang gives users (malloc huge pages); CTFFIND runs in the bench's own.
  const r = timedCommand('node', args, dir, withHugePages(process.env));
  const res = CtffindResult.parse(JSON.parse(await readFile(path.join(dir, 'ours/mic.json'), 'utf8'))).results;
  return { ...res, seconds: r.seconds, cpuSeconds: r.cpuSeconds, maxRssMb: r.maxRssMb };
}

/** Ours warm in a process of its own with the function image's environment (bench/support/ctffindWarm.ts). */
function oursWarm(dir: string): number {
  const child = path.join(root, 'bench/support/ctffindWarm.ts');
  const args = [path.join(dir, 'mic.mrc'), SEARCH.minDefocusA, SEARCH.maxDefocusA, 3000].map(String);
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, ...args], { cwd: root, env: withHugePages(process.env), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench ctffind: warm run failed: ${r.stderr.slice(-2000)}`);
  return Number(r.stdout.trim());
}

async function runRef(dir: string, c: CtfCase): Promise<Fit> {
  // The answers of /work/shared/reference/ctffind-reference.md (CTFFIND's default, fast search: no exhaustive
  // 2-D search), with our search range and the tolerated astigmatism of the cases.
  const s = SEARCH;
  const input = ['mic.mrc', 'ref_ctf.mrc', c.pixelA, 300, 2.7, 0.07, s.box, s.minResA, s.maxResA, s.minDefocusA, s.maxDefocusA, s.defocusStepA, 'no', 'no', 'yes', 3000, 'no', 'no', ''].join('\n');
  const r = timedCommand(refBin ?? '', [], dir, { ...process.env, LC_ALL: 'C' }, input);
  const fit = parseCtffindOutput(await readFile(path.join(dir, 'ref_ctf.txt'), 'utf8'));
  // The same command started with ours' malloc tunable (lib/hugePages.ts): it saves CTFFIND time too (4096²: 2.0 → 1.0–1.4 s).
  const huge = timedCommand(refBin ?? '', [], dir, { ...withHugePages(process.env), LC_ALL: 'C' }, input);
  return { ...fit, seconds: r.seconds, cpuSeconds: r.cpuSeconds, maxRssMb: r.maxRssMb, hugePagesSeconds: huge.seconds };
}

/** Mean |error| of the two defoci (Å), worst relative error, angle error (° mod 180). */
function errors(f: Fit, c: CtfCase): { df: number; rel: number; ang: number } {
  const eu = Math.abs(f.defocusU - c.ctf.df1A);
  const ev = Math.abs(f.defocusV - c.ctf.df2A);
  const d = (((f.astigmatismAngle - c.ctf.angleDeg) % 180) + 180) % 180;
  return { df: (eu + ev) / 2, rel: Math.max(eu / c.ctf.df1A, ev / c.ctf.df2A), ang: Math.min(d, 180 - d) };
}

const fmt = (x: number, w: number, d = 0): string => x.toFixed(d).padStart(w);

async function main(): Promise<void> {
  const build = spawnSync('node', [path.join(root, 'scripts/buildCli.mjs'), '--outdir', benchCli], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bench ctffind: CLI bundle failed: ${build.stderr}`);
  console.log(haveRef ? `reference: ${refBin}` : `reference absent (set CTFFIND_REF to a CTFFIND 4.1.14 executable, see /work/shared/reference/ctffind-reference.md): ours only`);
  console.log('whole commands, one thread each, loaded 2-core machine; errors vs the generating CTF; angle error only where astigmatism ≥ 500 Å');
  console.log('  #  size  Å/px dose     Δf₁     Δf₂ astig  angle | ours: errÅ  err%  errAng    s  cpu    MB warm | ref: errÅ  err%  errAng    s  cpu    MB');
  const rows: { c: CtfCase; ours: ReturnType<typeof errors> & Fit; ref?: ReturnType<typeof errors> & Fit }[] = [];
  for (const c of cases) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-ctffind-'));
    try {
      await mkdir(path.join(dir, 'ours'));
      await writeFile(path.join(dir, 'mic.mrc'), encodeMrc([await directMicrograph({ size: c.size, pixelA: c.pixelA, dose: c.dose, ctf: c.ctf, seed: c.seed })], { pixelSizeA: c.pixelA }));
      const o = { ...(await runOurs(dir)), warmSeconds: oursWarm(dir) };
      const r = haveRef ? await runRef(dir, c) : undefined;
      const row = { c, ours: { ...o, ...errors(o, c) }, ref: r ? { ...r, ...errors(r, c) } : undefined };
      rows.push(row);
      const astig = c.ctf.df1A - c.ctf.df2A;
      const part = (f?: ReturnType<typeof errors> & Fit): string => f ? `${fmt(f.df, 5)} ${fmt(100 * f.rel, 5, 2)} ${astig >= 500 ? fmt(f.ang, 7, 1) : '      -'} ${fmt(f.seconds, 4, 2)} ${fmt(f.cpuSeconds, 4, 2)} ${fmt(f.maxRssMb, 5)}${f.warmSeconds !== undefined ? ` ${fmt(f.warmSeconds, 4, 2)}` : ''}` : '    (no reference)';
      console.log(`${fmt(c.id, 3)} ${fmt(c.size, 5)} ${fmt(c.pixelA, 5, 2)} ${fmt(c.dose, 4)} ${fmt(c.ctf.df1A, 7)} ${fmt(c.ctf.df2A, 7)} ${fmt(astig, 5)} ${fmt(c.ctf.angleDeg, 6, 1)} |       ${part(row.ours)} |      ${part(row.ref)}`);
    } finally {
      if (!process.argv.includes('--keep')) await rm(dir, { recursive: true, force: true });
    }
  }
  summary(rows);
}

function summary(rows: { c: CtfCase; ours: ReturnType<typeof errors> & Fit; ref?: ReturnType<typeof errors> & Fit }[]): void {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const astig = rows.filter((r) => r.c.ctf.df1A - r.c.ctf.df2A >= 500);
  const side = (pick: (r: (typeof rows)[number]) => (ReturnType<typeof errors> & Fit) | undefined, name: string): void => {
    const f = rows.map(pick).filter((x) => x !== undefined);
    const a = astig.map(pick).filter((x) => x !== undefined);
    if (f.length === 0) return;
    console.log(`${name}: mean defocus error ${mean(f.map((x) => x.df)).toFixed(1)} Å, worst ${(100 * Math.max(...f.map((x) => x.rel))).toFixed(2)} %, cases > 1 %: ${f.filter((x) => x.rel > 0.01).length}; angle error mean ${mean(a.map((x) => x.ang)).toFixed(2)}°, worst ${Math.max(0, ...a.map((x) => x.ang)).toFixed(2)}°, > 2°: ${a.filter((x) => x.ang > 2).length}; mean ${mean(f.map((x) => x.seconds)).toFixed(2)} s (CPU ${mean(f.map((x) => x.cpuSeconds)).toFixed(2)} s)${f.some((x) => x.warmSeconds !== undefined) ? `, warm ${mean(f.map((x) => x.warmSeconds ?? NaN)).toFixed(2)} s` : ''}, peak ${Math.max(...f.map((x) => x.maxRssMb)).toFixed(0)} MB`);
  };
  side((r) => r.ours, 'ours');
  side((r) => r.ref, 'CTFFIND 4.1.14');
  const both = rows.filter((r) => r.ref !== undefined);
  if (both.length === 0) return;
  const errRatio = mean(both.map((r) => r.ours.df)) / mean(both.map((r) => r.ref?.df ?? NaN));
  const timeRatio = both.reduce((s, r) => s + r.ours.seconds, 0) / both.reduce((s, r) => s + (r.ref?.seconds ?? NaN), 0);
  const cpuRatio = both.reduce((s, r) => s + r.ours.cpuSeconds, 0) / both.reduce((s, r) => s + (r.ref?.cpuSeconds ?? NaN), 0);
  const hugeRatio = both.reduce((s, r) => s + r.ours.seconds, 0) / both.reduce((s, r) => s + (r.ref?.hugePagesSeconds ?? NaN), 0);
  console.log(`mean defocus error ratio ours/CTFFIND: ${errRatio.toFixed(2)} (${errRatio <= 1 ? 'ours ≤ CTFFIND' : 'ours WORSE'}); time ratio ours/CTFFIND: ${timeRatio.toFixed(2)} wall (${timeRatio <= 1 ? 'ours ≤ CTFFIND' : 'ours SLOWER'}), ${cpuRatio.toFixed(2)} CPU (${cpuRatio <= 1 ? 'ours ≤ CTFFIND' : 'ours SLOWER'}); against CTFFIND started with ours' malloc tunable ${hugeRatio.toFixed(2)} wall`);
  for (const size of [...new Set(both.map((r) => r.c.size))].sort((a, b) => a - b)) {
    const s = both.filter((r) => r.c.size === size);
    console.log(`  ${size}²: ours ${mean(s.map((r) => r.ours.seconds)).toFixed(2)} s (warm, in one process: ${mean(s.map((r) => r.ours.warmSeconds ?? NaN)).toFixed(2)} s) ${Math.max(...s.map((r) => r.ours.maxRssMb)).toFixed(0)} MB, CTFFIND ${mean(s.map((r) => r.ref?.seconds ?? NaN)).toFixed(2)} s (with ours' tunable ${mean(s.map((r) => r.ref?.hugePagesSeconds ?? NaN)).toFixed(2)} s) ${Math.max(...s.map((r) => r.ref?.maxRssMb ?? NaN)).toFixed(0)} MB`);
  }
}

await main();
