import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initFft } from '../../../lib/fft/index.js';
import { alignedSums, openFrameSet, motionCorrect, MotioncorResults } from '../../../lib/motion/index.js';
import { openMovie } from '../../../lib/formats/movie.js';
import { readMrc } from '../../../lib/formats/mrc/index.js';
import { simulateMovie, writeSynthMovie } from '../../../lib/synth/index.js';
import type { SimulatedMovie, SynthTruth } from '../../../lib/synth/index.js';
import { lowPassCorrelation, shiftRms } from '../../../lib/motion/quality.js';
import { motioncorFiles } from '../../../lib/steps/motioncorFiles.js';

let dir = '';
let sim: SimulatedMovie;
let truth: SynthTruth;

beforeAll(async () => {
  await initFft();
  dir = await mkdtemp(join(tmpdir(), 'motion-'));
  // Stronger specimen contrast than the synth default: at the default (7 % image contrast) one 1.2 e/Å² frame
  // carries too little signal for any frame-against-sum aligner to reach 0.15 px.
  sim = await simulateMovie({ width: 512, frames: 20, dosePerFrame: 1.2, seed: 3, particleContrast: 0.5, iceNoise: 0.15, hotPixels: 20, gainSpread: 0.05 });
  truth = await writeSynthMovie(dir, sim, { format: 'mrc', name: 'm' });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('motionCorrect', () => {
  it('recovers the simulated drift and sums as well as the true shifts do (512²×20, 1.2 e/Å²)', async () => {
    const out = await motionCorrect(join(dir, 'm.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2, gain: sim.gain });
    const results = MotioncorResults.parse(out.results);
    const shifts = results.shifts.map(([dx, dy]) => ({ dx, dy }));
    const rms = shiftRms(shifts, truth.shifts);
    expect(rms).toBeLessThan(0.3);
    expect(results.hotPixels).toBeGreaterThanOrEqual(20);
    // The same pipeline with the true shifts, as the ceiling.
    const movie = await openMovie(join(dir, 'm.mrc'));
    const set = await openFrameSet(movie, { gain: sim.gain });
    const ideal = await alignedSums(set, { outWidth: 512, outHeight: 512, cropWidth: 512, cropHeight: 512, pixelSizeA: 1, dosePerFrame: 1.2, shifts: truth.shifts });
    await movie.close();
    const ours = lowPassCorrelation(out.noDw, sim.clean);
    const best = lowPassCorrelation(ideal.noDw, sim.clean);
    expect(ours / best).toBeGreaterThanOrEqual(0.999);
    // Dose weighting keeps the low-resolution signal: the DW sum correlates with the clean image at least as well.
    expect(lowPassCorrelation(out.dw, sim.clean)).toBeGreaterThan(0.98 * ours);
    const files = await motioncorFiles(out);
    expect(files.map((f) => f.suffix)).toEqual(['.mrc', '_noDW.mrc', '.png', '_drift.png']);
    // The sums come with room for an MRC header: the files are the sums' own memory (no 1 MB copy here, 67 MB at 4096²).
    expect((files[0].body as Uint8Array).buffer).toBe(out.dw.data.buffer);
    expect(Array.from(readMrc(files[1].body as Uint8Array, 'noDW').images[0].data)).toEqual(Array.from(out.noDw.data));
  }, 30_000);

  it('aligns an EER movie (raw frames summed into fractions on read) about as well as an MRC of the same specimen', async () => {
    const eerSim = await simulateMovie({ width: 256, frames: 10, dosePerFrame: 1.2, seed: 5, particleContrast: 0.5, iceNoise: 0.15 });
    // The EER writer draws its own electron events, so the two files are independent noisy exposures of one specimen and drift.
    const eerTruth = await writeSynthMovie(dir, eerSim, { format: 'eer', name: 'e', eerGrouping: 8 });
    await writeSynthMovie(dir, eerSim, { format: 'mrc', name: 'e' });
    const eer = await motionCorrect(join(dir, 'e.eer'), { pixelSizeA: 1, dosePerFrame: 1.2, eerGroup: 8 });
    const mrc = await motionCorrect(join(dir, 'e.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2 });
    expect([eer.results.frames, eer.results.width, eer.results.height]).toEqual([10, 256, 256]);
    const toShifts = (r: MotioncorResults) => r.shifts.map(([dx, dy]) => ({ dx, dy }));
    // Measured: 0.40 px (EER) and 0.37 px (MRC) RMS against the truth on this small movie.
    const eerRms = shiftRms(toShifts(eer.results), eerTruth.shifts);
    expect(eerRms).toBeLessThan(0.6);
    expect(eerRms).toBeLessThan(1.5 * shiftRms(toShifts(mrc.results), eerTruth.shifts));
  });

  it('rejects a movie with one frame, naming the file', async () => {
    const one = await simulateMovie({ width: 64, frames: 1, seed: 1 });
    await writeSynthMovie(dir, one, { format: 'mrc', name: 'one' });
    await expect(motionCorrect(join(dir, 'one.mrc'), { pixelSizeA: 1, dosePerFrame: 1 })).rejects.toThrow(/one\.mrc": motion correction needs at least 2 frames, got 1/);
  });

  it('rejects a gain of the wrong size, naming both files', async () => {
    const gain = { width: 100, height: 512, data: new Float32Array(100 * 512).fill(1) };
    await expect(motionCorrect(join(dir, 'm.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2, gain, gainName: 'g.mrc' })).rejects.toThrow(/gain "g\.mrc": expected 512×512 to match movie ".*m\.mrc", got 100×512/);
  });

  it('rejects a truncated movie', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(join(dir, 'm.mrc'));
    await writeFile(join(dir, 'cut.mrc'), bytes.subarray(0, 1024 + 512 * 512 * 3));
    await expect(motionCorrect(join(dir, 'cut.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2 })).rejects.toThrow(/cut\.mrc/);
  });
});
