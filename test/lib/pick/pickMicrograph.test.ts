// pickMicrograph: MRC in; a coordinate STAR RELION 3.1 reads with one row per pick, a PNG with circles, a valid result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { getStarTable, parseStar, starColumn } from '../../../lib/formats/star/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { PickResult, matchPicks, pickMicrograph } from '../../../lib/pick/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pick-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pickMicrograph', async () => {
  const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 2, particleDiameterA: 160, particleCount: 20, seed: 11 });
  const mrc = encodeMrc([sim.image], { pixelSizeA: 2 });
  const out = await pickMicrograph(mrc, 'mic.mrc', { diameterA: 160 });

  it('takes the pixel size from the header and finds the particles', () => {
    expect(out.result.parameters.pixelSizeA).toBeCloseTo(2, 5);
    expect(PickResult.parse(out.result).count).toBe(out.picks.length);
    expect(out.result.implementation).toBe('cpu-dog');
    const m = matchPicks(out.picks, sim.truth.particles.centres, 16);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('writes a coordinate STAR that relion_star_printtable reads, one row per pick, our coordinates', () => {
    writeFileSync(join(dir, 'mic.star'), out.star);
    const printed = execFileSync('relion_star_printtable', ['mic.star', 'data_', 'rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit'], { cwd: dir, encoding: 'utf8' });
    const rows = printed.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows.length).toBe(out.picks.length);
    rows.forEach(([x, y, fom], i) => {
      expect(x).toBeCloseTo(out.picks[i].x, 1);
      expect(y).toBeCloseTo(out.picks[i].y, 1);
      expect(fom).toBeCloseTo(out.picks[i].score, 3);
    });
    const back = getStarTable(parseStar(out.star, 'mic.star'), '', 'mic.star');
    expect(back.columns).toEqual(['rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit', 'rlnClassNumber', 'rlnAnglePsi', 'rlnParticleDiameter']);
    starColumn(back, 'rlnParticleDiameter', 'x').forEach((v, i) => expect(Number(v)).toBeCloseTo(out.picks[i].diameterA, 1));
    expect(starColumn(back, 'rlnClassNumber', 'x').every((v) => v === '0')).toBe(true);
    expect(starColumn(back, 'rlnAnglePsi', 'x').every((v) => v === '0')).toBe(true);
  });

  it('draws a green circle of the particle radius around each pick on the grey micrograph', async () => {
    const { data, info } = await sharp(out.png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1024, 1024, 3]);
    const px = (x: number, y: number) => Array.from(data.subarray(3 * (y * info.width + x), 3 * (y * info.width + x) + 3));
    const p = out.picks[0];
    expect(px(Math.round(p.x + 40), Math.round(p.y))).toEqual([0, 255, 0]);
    const c = px(Math.round(p.x), Math.round(p.y));
    expect(c[0]).toBe(c[1]);
  });

  it('rejects a micrograph with no pixel size unless one is given', async () => {
    const bare = encodeMrc([{ width: 256, height: 256, data: new Float32Array(256 * 256) }]);
    bare.fill(0, 40, 52); // cella x, y, z = 0: no pixel size (MRC2014 words 11–13)
    await expect(pickMicrograph(bare, 'bare.mrc', { diameterA: 100 })).rejects.toThrow('pick: micrograph "bare.mrc" has no pixel size in its header (cella/mx = 0); give one');
    expect((await pickMicrograph(bare, 'bare.mrc', { diameterA: 100, pixelSizeA: 1 })).result.count).toBe(0);
  });

  it('reports the stated and the estimated diameter (truth 160 Å: within the edge calibration\'s ±20 %), and no warnings', () => {
    expect(out.result.statedDiameterA).toBe(160);
    // 0.7·160 … 160 in two geometric steps of (1/0.7)^½ = 1.195 ≤ 1.2: 112, √(112·160), 160.
    const searched = out.result.parameters.searchedDiametersA;
    expect(searched).toHaveLength(3);
    [112, Math.sqrt(112 * 160), 160].forEach((d, i) => expect(searched[i]).toBeCloseTo(d, 6));
    expect(out.result.estimatedDiameterA).toBeGreaterThan(0.8 * 160);
    expect(out.result.estimatedDiameterA).toBeLessThan(1.2 * 160);
    expect(out.result.warnings).toEqual([]);
  });

  it('never returns a silent zero: an empty micrograph says so, with the strongest peak and the diameters searched', async () => {
    const flat = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 0, seed: 3 });
    const r = (await pickMicrograph(encodeMrc([flat.image], { pixelSizeA: 2 }), 'empty.mrc', { diameterA: '120-160' })).result;
    expect(r.count).toBe(0);
    expect(r.estimatedDiameterA).toBeNull();
    expect(r.statedDiameterA).toBe('120-160');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^no particles picked in "empty\.mrc": the strongest DoG peak was \d+\.\d σ, under the 4 σ threshold, searching 120–160 Å \(stated 120–160 Å\)/);
  });
});
