// `cryoem-daq pick <micrograph.mrc> -o <dir>`: DoG particle picking of one micrograph, the same code path as the pick function.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { describeError } from '../../lib/errors.js';
import { parseDiameterText, pickMicrograph } from '../../lib/pick/index.js';
import { optionalNumberOption, positiveNumber } from '../numberOption.js';

interface PickCliOptions {
  output: string;
  apix?: string;
  diameter: string;
  threshold?: string;
  absolute: boolean;
  maxThreshold?: string;
  iceSigma?: string;
}

async function run(file: string, o: PickCliOptions): Promise<void> {
  const stem = basename(file).replace(/\.mrcs?$/i, '');
  const bytes = new Uint8Array(await readFile(file));
  const out = await pickMicrograph(bytes, file, {
    diameterA: parseDiameterText(o.diameter, 'pick: --diameter'), pixelSizeA: optionalNumberOption('pick', 'apix', o.apix, positiveNumber), threshold: optionalNumberOption('pick', 'threshold', o.threshold),
    thresholdMode: o.absolute ? 'absolute' : 'sigma', maxThreshold: optionalNumberOption('pick', 'max-threshold', o.maxThreshold), outlierSigma: optionalNumberOption('pick', 'ice-sigma', o.iceSigma, positiveNumber) ?? null,
  });
  await mkdir(o.output, { recursive: true });
  const names = { star: `${stem}.star`, png: `${stem}_picks.png`, json: `${stem}.json` };
  await writeFile(join(o.output, names.star), out.star);
  await writeFile(join(o.output, names.png), out.png);
  await writeFile(join(o.output, names.json), `${JSON.stringify({ ...out.result, input: file, outputs: [names.star, names.png, names.json] }, null, 2)}\n`);
  process.stdout.write(`${file}: ${out.result.count} particles (threshold ${out.result.thresholds.sigma.toFixed(2)} σ) in ${out.result.timing.seconds.toFixed(2)} s → ${join(o.output, names.star)}\n`);
}

export function register(program: Command): void {
  program
    .command('pick')
    .description('DoG particle picking (Appion-style) of one micrograph: <stem>.star (RELION coordinates), <stem>.json, <stem>_picks.png in the output folder')
    .argument('<micrograph>', 'micrograph MRC file')
    .requiredOption('-o, --output <dir>', 'output folder')
    .requiredOption('--diameter <A>', 'particle diameter, Å: a number (searches 0.7× to 1×) or a range such as 70-110')
    .option('--apix <A>', 'pixel size, Å (default: from the MRC header)')
    .option('--threshold <T>', 'peak threshold in σ of the DoG background (raw DoG units with --absolute)', undefined)
    .option('--absolute', 'the threshold is in raw DoG units', false)
    .option('--max-threshold <T>', 'drop peaks stronger than this (same units as --threshold)')
    .option('--ice-sigma <k>', 'drop picks on areas more than k robust σ darker or brighter than the micrograph (ice, carbon)')
    .action(async (file: string, o: PickCliOptions) => {
      try {
        await run(file, o);
      } catch (err) {
        process.stderr.write(`cryoem-daq pick: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}
