// micrographs_ctf.star carries the CTF step's ice numbers: RELION 4's rlnCtfIceRingDensity and our node thickness
// column, only when some movie has them, and RELION (3.1 here) reads the file and keeps both columns.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMicrographsCtfStar } from '../../../lib/archive/sessionStar.js';
import type { CtfValues, MovieRecord } from '../../../lib/archive/index.js';
import { getStarTable, parseStar } from '../../../lib/formats/star/index.js';

const optics = { pixelSizeA: 1, micrographPixelSizeA: 1, voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07 };

function record(movie: string, ctf: Partial<CtfValues>): MovieRecord {
  return {
    schemaVersion: 1, experiment: 'e', session: 's', movie, finalizedAt: '2024-01-01T00:00:00.000Z', optics,
    moviePath: `raw/${movie}.tif`, micrographPath: `motioncor/${movie}.mrc`, coordinatesPath: null, particleCount: null, files: [],
    ctf: { defocusU: 15000, defocusV: 14000, astigmatismAngle: 10, phaseShift: 0, cc: 0.2, fitResolutionA: 4, ...ctf },
  };
}

describe('micrographs_ctf.star ice columns', () => {
  it('are absent when no movie has ice numbers', () => {
    const t = getStarTable(parseStar(buildMicrographsCtfStar([record('m1', {})]), 'x'), 'micrographs', 'x');
    expect(t.columns).not.toContain('rlnCtfIceRingDensity');
    expect(t.columns).not.toContain('cryoemdaqIceThicknessA');
  });

  it('hold the ratio and the thickness (0 where a movie has none), and RELION keeps them', async () => {
    const star = buildMicrographsCtfStar([
      record('m1', { relativeIceThickness: 1.0423, iceThicknessA: 1530.4 }),
      record('m2', { relativeIceThickness: 1.2, defocusU: 16000 }),
    ]);
    const t = getStarTable(parseStar(star, 'x'), 'micrographs', 'x');
    const col = (name: string): string[] => t.rows.map((r) => r[t.columns.indexOf(name)]);
    expect(col('rlnCtfIceRingDensity')).toEqual(['1.0423', '1.2']);
    expect(col('cryoemdaqIceThicknessA')).toEqual(['1530', '0']);
    const dir = await mkdtemp(join(tmpdir(), 'ice-star-'));
    try {
      await writeFile(join(dir, 'in.star'), star);
      execFileSync('relion_star_handler', ['--i', join(dir, 'in.star'), '--o', join(dir, 'out.star'), '--select', 'rlnDefocusU', '--minval', '15500'], { stdio: 'pipe' });
      const out = getStarTable(parseStar(await readFile(join(dir, 'out.star'), 'utf8'), 'out'), 'micrographs', 'out.star');
      expect(out.rows.map((r) => [r[out.columns.indexOf('rlnMicrographName')], Number(r[out.columns.indexOf('rlnCtfIceRingDensity')])])).toEqual([['motioncor/m2.mrc', 1.2]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
