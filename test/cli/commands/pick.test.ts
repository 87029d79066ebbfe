// `cryoem-daq pick` through the bin entry: writes <stem>.star/.json/_picks.png for a simulated micrograph; clear errors on bad input.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { getStarTable, parseStar } from '../../../lib/formats/star/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { PickResult, matchPicks } from '../../../lib/pick/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pick-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => run(process.execPath, ['bin/cryoem-daq.mjs', 'pick', ...args]);

describe('cryoem-daq pick', () => {
  it('picks a micrograph into <stem>.star, <stem>.json and <stem>_picks.png', async () => {
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 8, seed: 2 });
    writeFileSync(join(dir, 'mic1.mrc'), encodeMrc([sim.image], { pixelSizeA: 2 }));
    const { stdout } = await cli(join(dir, 'mic1.mrc'), '-o', join(dir, 'out'), '--apix', '2', '--diameter', '160', '--threshold', '4');
    expect(stdout).toMatch(/mic1\.mrc: \d+ particles \(threshold 4\.00 σ\)/);
    const result = PickResult.parse(JSON.parse(readFileSync(join(dir, 'out/mic1.json'), 'utf8')));
    const star = getStarTable(parseStar(readFileSync(join(dir, 'out/mic1.star'), 'utf8'), 'mic1.star'), '', 'mic1.star');
    expect(star.rows.length).toBe(result.count);
    const m = matchPicks(star.rows.map((r) => ({ x: Number(r[0]), y: Number(r[1]) })), sim.truth.particles.centres, 32);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(readFileSync(join(dir, 'out/mic1_picks.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('takes a diameter range: --diameter 140-180 is stated as { min: 140, max: 180 } and searched', async () => {
    await cli(join(dir, 'mic1.mrc'), '-o', join(dir, 'range'), '--apix', '2', '--diameter', '140-180');
    const result = PickResult.parse(JSON.parse(readFileSync(join(dir, 'range/mic1.json'), 'utf8')));
    expect(result.statedDiameterA).toEqual({ min: 140, max: 180 });
    expect(result.parameters.searchedDiametersA[0]).toBe(140);
    expect(result.parameters.searchedDiametersA.at(-1)).toBeCloseTo(180, 6);
    expect(result.count).toBeGreaterThan(0);
  });

  it('fails with a clear message on a bad number, a missing file and a non-MRC file', async () => {
    writeFileSync(join(dir, 'junk.mrc'), 'not an mrc file');
    await Promise.all([
      expect(cli(join(dir, 'mic1.mrc'), '-o', dir, '--diameter', 'big')).rejects.toMatchObject({ code: 1, stderr: 'cryoem-daq pick: pick: --diameter must be a positive number or a range such as 70-110 (Å, min ≤ max), got "big"\n' }),
      expect(cli(join(dir, 'none.mrc'), '-o', dir, '--diameter', '150')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^cryoem-daq pick: .*ENOENT.*none\.mrc/) }),
      expect(cli(join(dir, 'junk.mrc'), '-o', dir, '--diameter', '150')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^cryoem-daq pick: .*junk\.mrc/) }),
    ]);
  });
});
