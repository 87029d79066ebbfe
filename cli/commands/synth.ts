// `cryoem-daq synth <dir>`: writes a simulated movie (or micrograph) with known truth, for testing every step.
import type { Command } from 'commander';
import { describeError } from '../../lib/errors.js';
import { simulateMovie, simulateMicrograph, writeSynthMovie, writeSynthMicrograph } from '../../lib/synth/index.js';
import { optionalNumberOption } from '../numberOption.js';

interface SynthCliOptions {
  size: string;
  width?: string;
  mrcMode: string;
  eerGrouping: string;
  height?: string;
  frames: string;
  apix: string;
  dose: string;
  defocus: string;
  defocusV?: string;
  astigAngle: string;
  kv: string;
  cs: string;
  ampContrast: string;
  drift: string;
  localMotion: string;
  particles?: string;
  diameter: string;
  gainSpread: string;
  hotPixels: string;
  damage: boolean;
  format: 'tiff' | 'mrc' | 'eer';
  name: string;
  truthDir?: string;
  micrograph: boolean;
  seed: string;
}

async function run(dir: string, o: SynthCliOptions): Promise<void> {
  const width = optionalNumberOption('synth', 'width', o.width) ?? optionalNumberOption('synth', 'size', o.size)!;
  const mrcMode = optionalNumberOption('synth', 'mrc-mode', o.mrcMode)!;
  if (![0, 1, 2, 6, 12].includes(mrcMode)) throw new Error(`synth: --mrc-mode must be 0 (int8), 1 (int16), 2 (float32), 6 (uint16) or 12 (float16), got ${mrcMode}`);
  const common = {
    width, height: optionalNumberOption('synth', 'height', o.height) ?? width, pixelSizeA: optionalNumberOption('synth', 'apix', o.apix)!, seed: optionalNumberOption('synth', 'seed', o.seed)!,
    particleCount: optionalNumberOption('synth', 'particles', o.particles), particleDiameterA: optionalNumberOption('synth', 'diameter', o.diameter),
    ctf: { defocusUA: optionalNumberOption('synth', 'defocus', o.defocus), defocusVA: optionalNumberOption('synth', 'defocus-v', o.defocusV), astigmatismAngleDeg: optionalNumberOption('synth', 'astig-angle', o.astigAngle), voltageKv: optionalNumberOption('synth', 'kv', o.kv), csMm: optionalNumberOption('synth', 'cs', o.cs), amplitudeContrast: optionalNumberOption('synth', 'amp-contrast', o.ampContrast) },
  };
  const t0 = Date.now();
  if (o.micrograph) {
    const truth = await writeSynthMicrograph(dir, await simulateMicrograph({ ...common, totalDose: optionalNumberOption('synth', 'dose', o.dose) }), { name: o.name, truthDir: o.truthDir });
    process.stdout.write(`wrote ${truth.files.micrograph} (${truth.particles.centres.length} particles) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    return;
  }
  const sim = await simulateMovie({
    ...common, frames: optionalNumberOption('synth', 'frames', o.frames), dosePerFrame: optionalNumberOption('synth', 'dose', o.dose), totalDriftPx: optionalNumberOption('synth', 'drift', o.drift), localMotionPx: optionalNumberOption('synth', 'local-motion', o.localMotion),
    gainSpread: optionalNumberOption('synth', 'gain-spread', o.gainSpread), hotPixels: optionalNumberOption('synth', 'hot-pixels', o.hotPixels), radiationDamage: o.damage,
  });
  const eerGrouping = optionalNumberOption('synth', 'eer-grouping', o.eerGrouping)!;
  const truth = await writeSynthMovie(dir, sim, { name: o.name, format: o.format, truthDir: o.truthDir, mrcMode: mrcMode as 0 | 1 | 2 | 6 | 12, eerGrouping });
  const raw = o.format === 'eer' ? ` (${truth.frames * eerGrouping} raw EER frames, grouping ${eerGrouping})` : '';
  process.stdout.write(`wrote ${truth.files.movie}: ${truth.width}×${truth.height}×${truth.frames}${raw}, ${truth.particles.centres.length} particles, in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

export function register(program: Command): void {
  program
    .command('synth')
    .description('write a simulated movie (or --micrograph) with known truth: movie in <dir>, clean image, gain and <name>_truth.json in <dir>/truth')
    .argument('<dir>', 'output folder')
    .option('--size <px>', 'width in pixels (default height too)', '1024')
    .option('--width <px>', 'width in pixels (overrides --size; K3: 5760; sizes that are not FFT sizes are simulated larger and cropped)')
    .option('--height <px>', 'height in pixels (default: width; K3: 4092)')
    .option('--frames <n>', 'frames', '30')
    .option('--apix <A>', 'pixel size, Å', '1.0')
    .option('--dose <e>', 'dose per frame, e/Å² (total dose with --micrograph)', '1.2')
    .option('--defocus <A>', 'defocus U, Å (positive = underfocus)', '15000')
    .option('--defocus-v <A>', 'defocus V, Å (default: defocus)')
    .option('--astig-angle <deg>', 'azimuth of the U axis from +x, degrees', '0')
    .option('--kv <kV>', 'voltage, kV', '300')
    .option('--cs <mm>', 'spherical aberration, mm', '2.7')
    .option('--amp-contrast <A>', 'amplitude contrast', '0.07')
    .option('--drift <px>', 'total drift path, pixels', '10')
    .option('--local-motion <px>', 'largest local motion, pixels (0 = none)', '0')
    .option('--particles <n>', 'number of particles (default ~20 % coverage)')
    .option('--diameter <A>', 'particle diameter, Å', '150')
    .option('--gain-spread <s>', 'per-pixel gain spread (0 = no gain reference)', '0')
    .option('--hot-pixels <n>', 'number of hot pixels', '0')
    .option('--no-damage', 'no radiation damage (exposure filter)')
    .option('--format <fmt>', 'tiff | mrc | eer', 'tiff')
    .option('--mrc-mode <m>', 'MRC movie mode: 0 int8, 1 int16, 2 float32, 6 uint16, 12 float16', '6')
    .option('--eer-grouping <n>', 'EER raw frames per frame (raw frames = frames × n; Falcon 4i: ~1,000 raw frames)', '20')
    .option('--name <name>', 'base file name', 'synth')
    .option('--truth-dir <dir>', 'folder for truth files (default <dir>/truth)')
    .option('--micrograph', 'write one aligned micrograph instead of a movie', false)
    .option('--seed <n>', 'random seed', '1')
    .action(async (dir: string, o: SynthCliOptions) => {
      try {
        if (!['tiff', 'mrc', 'eer'].includes(o.format)) throw new Error(`synth: --format must be tiff, mrc or eer, got "${o.format}"`);
        await run(dir, o);
      } catch (err) {
        process.stderr.write(`cryoem-daq synth: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}
