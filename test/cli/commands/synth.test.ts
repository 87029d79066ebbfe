import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openMovie } from '../../../lib/formats/movie.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cli-synth-'));
const cli = (...args: string[]) => run(process.execPath, ['bin/cryoem-daq.mjs', 'synth', dir, ...args]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cryoem-daq synth at detector shapes', () => {
  it('--width/--height write a non-square, non-FFT-size EER movie with frames × grouping raw frames', async () => {
    const r = await cli('--width', '576', '--height', '408', '--frames', '4', '--format', 'eer', '--eer-grouping', '25', '--name', 'f4i');
    expect(r.stdout).toMatch(/576×408×4 \(100 raw EER frames, grouping 25\)/);
    const m = await openMovie(join(dir, 'f4i.eer'), { eerGroup: 25 });
    expect([m.width, m.height, m.frameCount, m.rawFrameCount]).toEqual([576, 408, 4, 100]);
    await m.close();
  });

  it('--mrc-mode 12 writes a float16 MRC stack', async () => {
    await cli('--width', '576', '--height', '408', '--frames', '3', '--format', 'mrc', '--mrc-mode', '12', '--name', 'h');
    const header = readFileSync(join(dir, 'h.mrc')).subarray(0, 16);
    // MRC2014 words 1-4: nx, ny, nz, mode.
    expect([0, 4, 8, 12].map((o) => header.readInt32LE(o))).toEqual([576, 408, 3, 12]);
  });

  it('rejects an MRC mode it cannot write', async () => {
    await expect(cli('--format', 'mrc', '--mrc-mode', '4', '--size', '64', '--frames', '2')).rejects.toThrow(/--mrc-mode must be 0 \(int8\)/);
  });
});
