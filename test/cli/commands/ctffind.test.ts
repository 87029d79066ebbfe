// `cryoem-daq ctffind` through the bin entry: writes <stem>.json/.txt/_avrot.txt/_spectrum.png; clear errors on bad input.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { CtffindResult, parseCtffindOutput } from '../../../lib/ctf/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ctffind-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => run(process.execPath, ['bin/cryoem-daq.mjs', 'ctffind', ...args], { env: { ...process.env, CTFFIND_BIN: '' } });
const fails = async (args: string[], message: string) => {
  await expect(cli(...args)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(message) as unknown });
};

describe('cryoem-daq ctffind', () => {
  it('fits a micrograph into <stem>.json, .txt, _avrot.txt and _spectrum.png', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 1, seed: 5, ctf: { defocusUA: 12500, defocusVA: 11000, astigmatismAngleDeg: -45 } });
    writeFileSync(join(dir, 'mic1.mrc'), encodeMrc([sim.image], { pixelSizeA: 1 }));
    const { stdout } = await cli(join(dir, 'mic1.mrc'), '-o', join(dir, 'out'), '--apix', '1', '--min-df', '3000', '--max-df', '40000');
    expect(stdout).toContain('mic1_spectrum.png');
    const result = CtffindResult.parse(JSON.parse(readFileSync(join(dir, 'out/mic1.json'), 'utf8')));
    expect(result.outputs).toEqual(['mic1.txt', 'mic1_avrot.txt', 'mic1_spectrum.png', 'mic1.json']);
    expect(Math.abs(result.results.defocusU - 12500)).toBeLessThanOrEqual(63);
    expect(Math.abs(result.results.defocusV - 11000)).toBeLessThanOrEqual(55);
    expect(Math.abs(result.results.astigmatismAngle + 45)).toBeLessThanOrEqual(3);
    expect(parseCtffindOutput(readFileSync(join(dir, 'out/mic1.txt'), 'utf8')).cc).toBeCloseTo(result.results.cc, 5);
    expect(readFileSync(join(dir, 'out/mic1_spectrum.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('rejects a file that is not an MRC, a stack, and a missing or zero pixel size', async () => {
    writeFileSync(join(dir, 'notes.mrc'), 'x'.repeat(2000));
    await fails([join(dir, 'notes.mrc'), '-o', dir, '--apix', '1'], '"notes.mrc": not an MRC file');
    const im = { width: 64, height: 64, data: new Float32Array(64 * 64) };
    writeFileSync(join(dir, 'stack.mrc'), encodeMrc([im, im, im], { pixelSizeA: 1 }));
    await fails([join(dir, 'stack.mrc'), '-o', dir, '--apix', '1'], 'micrograph "stack.mrc": expected a single image (nz = 1), got a stack of 3');
    const nopix = encodeMrc([im], { pixelSizeA: 1 });
    new DataView(nopix.buffer, nopix.byteOffset).setFloat32(40, 0, true); // cella.x = 0: no pixel size in the header
    writeFileSync(join(dir, 'nopix.mrc'), nopix);
    await fails([join(dir, 'nopix.mrc'), '-o', dir], 'micrograph "nopix.mrc": pixel size must be > 0 Å, got 0 (header cella/mx); give it explicitly');
    await fails([join(dir, 'nopix.mrc'), '-o', dir, '--apix', '0'], 'ctffind: --apix must be > 0 Å, got 0');
  });
});
