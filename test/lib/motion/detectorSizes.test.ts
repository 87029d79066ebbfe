import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMovie } from '../../../lib/formats/movie.js';
import type { EerMovieReader } from '../../../lib/formats/eer/index.js';
import eerFractionTask from '../../../lib/motion/eerFractionTask.js';
import { motionCorrect } from '../../../lib/motion/index.js';
import { shiftRms } from '../../../lib/motion/quality.js';
import { simulateMovie, writeSynthMovie } from '../../../lib/synth/index.js';
import type { SynthTruth } from '../../../lib/synth/index.js';

// Small stand-ins for the detectors of issue 18: a non-square, non-FFT-size frame (K3 is 5760×4092; here
// 576×408) as LZW TIFF, MRC float16 and int8, and EER with 100 raw frames grouped by 10 into 10 fractions.
let dir = '';
let truth: SynthTruth;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-sizes-'));
  const sim = await simulateMovie({ width: 576, height: 408, frames: 10, dosePerFrame: 1.2, seed: 5, totalDriftPx: 6 });
  truth = await writeSynthMovie(dir, sim, { format: 'tiff', name: 'k3' });
  await writeSynthMovie(dir, sim, { format: 'eer', name: 'falcon', eerGrouping: 10 });
  await writeSynthMovie(dir, sim, { format: 'mrc', name: 'f16', mrcMode: 12 });
  await writeSynthMovie(dir, sim, { format: 'mrc', name: 'i8', mrcMode: 0 });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('motion correction at detector shapes', () => {
  it('the simulator writes the asked non-FFT size, and the EER file holds 100 raw frames', async () => {
    expect([truth.width, truth.height]).toEqual([576, 408]);
    const eer = await openMovie(join(dir, 'falcon.eer'), { eerGroup: 10 });
    expect([eer.width, eer.height, eer.frameCount, eer.rawFrameCount]).toEqual([576, 408, 10, 100]);
    await eer.close();
  });

  it('renders each EER fraction on a task as 8-bit counts on shared memory, equal to the reader\'s own fraction, also into spent bytes', async () => {
    const eer = (await openMovie(join(dir, 'falcon.eer'), { eerGroup: 10 })) as EerMovieReader;
    try {
      for (const i of [0, 9]) {
        const got = eerFractionTask({ plan: eer.fractionPlan(i) });
        expect(got).toBeInstanceOf(Uint8Array);
        expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Array.from(got)).toEqual(Array.from((await eer.readFrame(i)).data));
        // A spent fraction's bytes handed back are cleared and rendered into, not replaced.
        const spent = new Uint8Array(new SharedArrayBuffer(got.length)).fill(7);
        const again = eerFractionTask({ plan: eer.fractionPlan(i), into: spent });
        expect(again).toBe(spent);
        expect(Array.from(again)).toEqual(Array.from(got));
      }
    } finally {
      await eer.close();
    }
  });

  it.each([['k3.tif'], ['falcon.eer'], ['f16.mrc'], ['i8.mrc']])('%s: aligns to the true drift at full size, patches on', async (name) => {
    const out = await motionCorrect(join(dir, name), { pixelSizeA: 1, dosePerFrame: 1.2, eerGroup: 10, patches: [3, 3] });
    expect([out.results.width, out.results.height, out.results.frames]).toEqual([576, 408, 10]);
    expect([out.noDw.width, out.noDw.height]).toEqual([576, 408]);
    // Same counts in every container, so every reader must give the truth's drift back to well under a pixel.
    expect(shiftRms(out.shifts, truth.shifts)).toBeLessThan(0.6);
  });
});
