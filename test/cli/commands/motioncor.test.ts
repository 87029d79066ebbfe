// `cryoem-daq motioncor` through the bin entry: writes <stem>.mrc/_noDW.mrc/.json/.png/_drift.png (valid MRC); no partial outputs on errors.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { MotioncorResult } from '../../../lib/motion/index.js';
import { simulateMovie, writeSynthMovie } from '../../../lib/synth/index.js';
import type { SynthTruth } from '../../../lib/synth/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'motioncor-cli-'));
let truth: SynthTruth;
beforeAll(async () => {
  const sim = await simulateMovie({ width: 256, frames: 10, dosePerFrame: 1.2, seed: 8, particleContrast: 0.5, iceNoise: 0.15, totalDriftPx: 5 });
  truth = await writeSynthMovie(dir, sim, { name: 'mov' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => run(process.execPath, ['bin/cryoem-daq.mjs', 'motioncor', ...args], { env: { ...process.env, MOTIONCOR2_BIN: '' } });
const fails = async (args: string[], message: string) => {
  await expect(cli(...args)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(message) as unknown });
};

describe('cryoem-daq motioncor', () => {
  it('writes the sums, thumbnails and result JSON, with MRC files mrcfile.validate accepts', async () => {
    const out = join(dir, 'out');
    const { stderr } = await cli(join(dir, 'mov.tif'), '-o', out, '--apix', '1.5', '--kv', '300', '--dose', '1.2', '--bin', '2');
    expect(stderr).toContain('wrote mov.mrc, mov_noDW.mrc, mov.png, mov_drift.png, mov.json');
    expect(readdirSync(out).sort()).toEqual(['mov.json', 'mov.mrc', 'mov.png', 'mov_drift.png', 'mov_noDW.mrc']);
    const result = MotioncorResult.parse(JSON.parse(readFileSync(join(out, 'mov.json'), 'utf8')));
    expect(result.results.outputWidth).toBe(128);
    expect(result.results.outputPixelSizeA).toBeCloseTo(3, 6);
    const err = result.results.shifts.map(([dx, dy], i) => Math.hypot(dx - truth.shifts[i].dx, dy - truth.shifts[i].dy));
    expect(Math.max(...err)).toBeLessThan(1);
    const py = await run('/usr/bin/python3', ['-c', 'import mrcfile,sys\nfor f in sys.argv[1:]:\n  assert mrcfile.validate(f), f\n  m = mrcfile.open(f); print(m.data.shape, float(m.voxel_size.x))', join(out, 'mov.mrc'), join(out, 'mov_noDW.mrc')]);
    expect(py.stdout.trim().split('\n').filter((l) => l.startsWith('('))).toEqual(['(128, 128) 3.0', '(128, 128) 3.0']);
  }, 30_000);

  it('a truncated movie fails naming the file and leaves no outputs', async () => {
    writeFileSync(join(dir, 'cut.tif'), readFileSync(join(dir, 'mov.tif')).subarray(0, 20_000));
    await fails([join(dir, 'cut.tif'), '-o', join(dir, 'out2'), '--apix', '1', '--dose', '1'], 'cut.tif');
    expect(existsSync(join(dir, 'out2')) && readdirSync(join(dir, 'out2')).length > 0).toBe(false);
  });

  it('a gain of the wrong size fails naming both files', async () => {
    writeFileSync(join(dir, 'g.mrc'), encodeMrc([{ width: 100, height: 100, data: new Float32Array(10_000).fill(1) }], { mode: 2 }));
    await fails([join(dir, 'mov.tif'), '-o', join(dir, 'out3'), '--apix', '1', '--dose', '1', '--gain', join(dir, 'g.mrc')], 'g.mrc": expected 256×256 to match movie');
    expect(existsSync(join(dir, 'out3'))).toBe(false);
  });

  it('rejects bad options with a clear message', async () => {
    await fails([join(dir, 'mov.tif'), '-o', join(dir, 'out4'), '--apix', '-1', '--dose', '1'], 'motioncor: --apix must be a positive number, got "-1"');
    await fails([join(dir, 'mov.tif'), '-o', join(dir, 'out4'), '--apix', '1', '--dose', '1', '--patches', '5'], '--patches must look like 5x5');
  });
});
