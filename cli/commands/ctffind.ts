// `cryoem-daq ctffind <micrograph.mrc> -o <dir>`: CTF estimation of one micrograph, writing CTFFIND's files and our result JSON.
import { mkdir, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeError, InvalidInputError } from '../../lib/errors.js';
import { CtffindResult, ctffindAuto, ctffindParameters, readMicrograph } from '../../lib/ctf/index.js';
import { ctffindFiles } from '../../lib/steps/ctffindFiles.js';
import { optionalNumberOption } from '../numberOption.js';

interface CtffindCliOptions {
  output: string;
  apix?: string;
  kv: string;
  cs: string;
  ac: string;
  box: string;
  minRes: string;
  maxRes: string;
  minDf: string;
  maxDf: string;
  phaseShift: boolean;
  astigRestraint?: string;
}

const Env = z.object({ CTFFIND_BIN: z.string().min(1).optional().catch(undefined), CTFFIND_VERSION: z.string().min(1).optional().catch(undefined) });

/** Runs the same path as the ctffind function; returns the names of the files written. */
export async function runCtffindCli(file: string, o: CtffindCliOptions): Promise<string[]> {
  const startedAt = new Date();
  const t0 = performance.now();
  const buf = await readFile(file);
  // A view, not a copy: a 4096² float micrograph is 64 MB.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const apix = optionalNumberOption('ctffind', 'apix', o.apix);
  if (apix !== undefined && !(apix > 0)) throw new InvalidInputError(`ctffind: --apix must be > 0 Å, got ${apix}`);
  const { image, pixelSizeA } = readMicrograph(bytes, path.basename(file), { pixelSizeA: apix });
  const params = ctffindParameters({
    pixelSizeA, voltageKv: optionalNumberOption('ctffind', 'kv', o.kv), csMm: optionalNumberOption('ctffind', 'cs', o.cs), amplitudeContrast: optionalNumberOption('ctffind', 'ac', o.ac), box: optionalNumberOption('ctffind', 'box', o.box),
    minResA: optionalNumberOption('ctffind', 'min-res', o.minRes), maxResA: optionalNumberOption('ctffind', 'max-res', o.maxRes), minDefocusA: optionalNumberOption('ctffind', 'min-df', o.minDf), maxDefocusA: optionalNumberOption('ctffind', 'max-df', o.maxDf),
    findPhaseShift: o.phaseShift, astigmatismRestraintA: optionalNumberOption('ctffind', 'astig-restraint', o.astigRestraint),
  });
  const env = Env.parse(process.env);
  const workDir = await mkdtemp(path.join(tmpdir(), 'ctffind-'));
  try {
    const run = await ctffindAuto(image, params, { inputName: file, workDir, ctffindBin: env.CTFFIND_BIN, ctffindVersion: env.CTFFIND_VERSION });
    const stem = path.basename(file).replace(/\.mrcs?$/i, '');
    await mkdir(o.output, { recursive: true });
    const files = await ctffindFiles(run);
    const names = [...files.map((f) => `${stem}${f.suffix}`), `${stem}.json`];
    for (const f of files) await writeFile(path.join(o.output, `${stem}${f.suffix}`), f.body);
    const result = CtffindResult.parse({
      schemaVersion: 1, step: 'ctffind', input: { bucket: '', key: file, etag: '' }, // a local file has no ETag (as in motioncor's JSON); an MD5 of 64 MB cost 0.1 s
      software: run.software, parameters: { ...params, timings: run.timings }, timings: { startedAt: startedAt.toISOString(), seconds: (performance.now() - t0) / 1000 },
      outputs: names, results: run.results,
    });
    await writeFile(path.join(o.output, `${stem}.json`), `${JSON.stringify(result, null, 2)}\n`);
    return names;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('ctffind')
    .description('estimate the CTF of one micrograph (CTFFIND4 conventions); writes <stem>.json, .txt, _avrot.txt, _spectrum.png (CTFFIND_BIN set: runs that CTFFIND)')
    .argument('<micrograph>', 'single-image MRC file')
    .requiredOption('-o, --output <dir>', 'output folder')
    .option('--apix <A>', 'pixel size, Å (default: from the MRC header)')
    .option('--kv <kV>', 'voltage, kV', '300')
    .option('--cs <mm>', 'spherical aberration, mm', '2.7')
    .option('--ac <A>', 'amplitude contrast', '0.07')
    .option('--box <px>', 'amplitude spectrum size', '512')
    .option('--min-res <A>', 'lowest resolution fitted, Å', '30')
    .option('--max-res <A>', 'highest resolution fitted, Å', '5')
    .option('--min-df <A>', 'smallest defocus searched, Å', '5000')
    .option('--max-df <A>', 'largest defocus searched, Å', '50000')
    .option('--astig-restraint <A>', 'expected astigmatism, Å (CTFFIND\'s restraint: searched up to it, larger penalised; default: none)')
    .option('--phase-shift', 'also fit an additional phase shift (phase plate)', false)
    .action(async (file: string, o: CtffindCliOptions) => {
      try {
        const names = await runCtffindCli(file, o);
        process.stdout.write(`wrote ${names.map((n) => path.join(o.output, n)).join(', ')}\n`);
      } catch (err) {
        process.stderr.write(`cryoem-daq ctffind: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}
