// Written movies read back (with the project's readers) as exactly the simulated frames, and truth.json parses.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulateMovie, simulateMicrograph, writeSynthMovie, writeSynthMicrograph, parseSynthTruth } from '../../../lib/synth/index.js';
import type { SimulateMovieOptions } from '../../../lib/synth/index.js';
import { openTiffMovie } from '../../../lib/formats/tiff/index.js';
import { openEerMovie } from '../../../lib/formats/eer/index.js';
import { readMrc } from '../../../lib/formats/mrc/index.js';
import type { MovieReader } from '../../../lib/formats/movie.js';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'synth-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const opts: SimulateMovieOptions = { width: 128, height: 96, frames: 3, pixelSizeA: 2, particleDiameterA: 40, gainSpread: 0.1, hotPixels: 2, hotPixelRate: 10, seed: 21 };

async function expectSameFrames(reader: MovieReader): Promise<void> {
  const want = [...(await simulateMovie(opts)).frames()];
  expect(reader.frameCount).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect((await reader.readFrame(i)).data).toEqual(want[i].data);
  await reader.close();
}

describe('writeSynthMovie', () => {
  it('writes an LZW TIFF that reads back (y-flip undone by the reader) as the simulated frames, plus truth/clean/gain', async () => {
    const dir = await tmp();
    const truth = await writeSynthMovie(dir, await simulateMovie(opts), { name: 'm1', format: 'tiff' });
    expect(truth.files.movie).toBe('m1.tif');
    await expectSameFrames(await openTiffMovie(path.join(dir, 'm1.tif')));
    const back = parseSynthTruth(await readFile(path.join(dir, 'truth', 'm1_truth.json'), 'utf8'));
    expect(back).toEqual(truth);
    const gain = readMrc(new Uint8Array(await readFile(path.join(dir, truth.gainFile!))), 'gain');
    expect(gain.images[0].width).toBe(128);
    const clean = readMrc(new Uint8Array(await readFile(path.join(dir, truth.files.clean!))), 'clean');
    expect(clean.images[0].data).toEqual((await simulateMovie(opts)).clean.data);
  });

  it('writes an MRC movie (uint16) that reads back as the simulated frames', async () => {
    const dir = await tmp();
    await writeSynthMovie(dir, await simulateMovie(opts), { name: 'm2', format: 'mrc' });
    const vol = readMrc(new Uint8Array(await readFile(path.join(dir, 'm2.mrc'))), 'm2.mrc');
    const want = [...(await simulateMovie(opts)).frames()];
    expect(vol.header.nz).toBe(3);
    vol.images.forEach((im, i) => expect(im.data).toEqual(want[i].data));
  });

  it('writes an EER file whose fractions (grouping 40) sum back to the simulated frames', async () => {
    const dir = await tmp();
    await writeSynthMovie(dir, await simulateMovie(opts), { name: 'm3', format: 'eer', eerGrouping: 40 });
    await expectSameFrames(await openEerMovie(path.join(dir, 'm3.eer'), { group: 40 }));
  });
});

describe('writeSynthMicrograph', () => {
  it('writes the micrograph and truth', async () => {
    const dir = await tmp();
    const sim = await simulateMicrograph({ width: 64, particleDiameterA: 20 });
    const truth = await writeSynthMicrograph(dir, sim, { name: 'mic' });
    const vol = readMrc(new Uint8Array(await readFile(path.join(dir, 'mic.mrc'))), 'mic.mrc');
    expect(vol.images[0].data).toEqual(sim.image.data);
    expect(truth.files.micrograph).toBe('mic.mrc');
  });
});
