// `cryoem-daq motioncor --defect-file`: a bright defect rectangle is repaired in the sums, and the file is recorded in the JSON.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Image2D } from '../../../lib/image.js';
import { encodeMrc, readMrc } from '../../../lib/formats/mrc/index.js';
import { MotioncorResult } from '../../../lib/motion/index.js';
import { simulateMovie } from '../../../lib/synth/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'motioncor-defects-'));
const W = 128;
// The defect: columns 40..49, rows 60..67, in frame (= MRC) pixels.
const RECT = { x: 40, y: 60, w: 10, h: 8 };
const EXTRA = 6;

beforeAll(async () => {
  // No drift, so the rectangle stays where it is in the sums. Each of its pixels gets EXTRA counts per frame
  // (about twice the mean of 5): bright, but under the 6σ hot-pixel threshold of the 4-frame sum, so only
  // the defect file can remove it — the run without it shows that.
  const sim = await simulateMovie({ width: W, frames: 4, dosePerFrame: 5, totalDriftPx: 0, seed: 21 });
  const frames: Image2D[] = [];
  for (const f of sim.frames()) {
    for (let y = RECT.y; y < RECT.y + RECT.h; y++) for (let x = RECT.x; x < RECT.x + RECT.w; x++) f.data[y * W + x] += EXTRA;
    frames.push(f);
  }
  writeFileSync(join(dir, 'mov.mrc'), encodeMrc(frames, { mode: 6 }));
  writeFileSync(join(dir, 'defects.txt'), `# x y w h\n${RECT.x} ${RECT.y} ${RECT.w} ${RECT.h}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => run(process.execPath, ['bin/cryoem-daq.mjs', 'motioncor', join(dir, 'mov.mrc'), '--apix', '1', '--dose', '5', ...args], { env: { ...process.env, MOTIONCOR2_BIN: '' } });

/** Mean inside the rectangle and in the 4-pixel frame around it. */
function insideAndAround(img: Image2D): { inside: number; around: number } {
  let si = 0, ni = 0, sa = 0, na = 0;
  for (let y = RECT.y - 4; y < RECT.y + RECT.h + 4; y++) {
    for (let x = RECT.x - 4; x < RECT.x + RECT.w + 4; x++) {
      const v = img.data[y * img.width + x];
      const inside = x >= RECT.x && x < RECT.x + RECT.w && y >= RECT.y && y < RECT.y + RECT.h;
      if (inside) { si += v; ni++; } else { sa += v; na++; }
    }
  }
  return { inside: si / ni, around: sa / na };
}

const sumOf = (out: string, suffix: string): Image2D => readMrc(new Uint8Array(readFileSync(join(out, `mov${suffix}.mrc`))), suffix).images[0];

describe('cryoem-daq motioncor --defect-file', () => {
  it('repairs the rectangle in both sums and records the file in the result JSON', async () => {
    const out = join(dir, 'out');
    await cli('-o', out, '--defect-file', join(dir, 'defects.txt'));
    for (const suffix of ['_noDW', '']) {
      const { inside, around } = insideAndAround(sumOf(out, suffix));
      expect(Math.abs(inside / around - 1), `mov${suffix}.mrc: inside ${inside}, around ${around}`).toBeLessThan(0.1);
    }
    const result = MotioncorResult.parse(JSON.parse(readFileSync(join(out, 'mov.json'), 'utf8')));
    expect(result.parameters.defectFile).toBe(join(dir, 'defects.txt'));
  }, 30_000);

  it('leaves the rectangle bright without the defect file (it is below the hot-pixel threshold)', async () => {
    const out = join(dir, 'plain');
    await cli('-o', out);
    const { inside, around } = insideAndAround(sumOf(out, '_noDW'));
    expect(inside / around).toBeGreaterThan(1.5);
    expect(MotioncorResult.parse(JSON.parse(readFileSync(join(out, 'mov.json'), 'utf8'))).parameters.defectFile).toBeNull();
  }, 30_000);

  it('fails naming the defect file and line when a rectangle lies outside the movie', async () => {
    writeFileSync(join(dir, 'off.txt'), '0 0 2 2\n200 10 4 4\n');
    await expect(cli('-o', join(dir, 'off'), '--defect-file', join(dir, 'off.txt'))).rejects.toMatchObject({
      code: 1, stderr: expect.stringContaining(`defect file "${join(dir, 'off.txt')}" line 2: rectangle "200 10 4 4" lies outside the 128×128 frame`) as unknown,
    });
  });
});
