// STAR files we write are read by RELION 3.1 itself: relion_star_handler, relion_star_printtable and relion_preprocess (particle extraction).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc, readMrc } from '../../../../lib/formats/mrc/index.js';
import { formatStar, getStarTable, parseStar, starColumn, starTable } from '../../../../lib/formats/star/index.js';

const dir = mkdtempSync(join(tmpdir(), 'star-relion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const optics = starTable(
  'optics',
  ['rlnOpticsGroupName', 'rlnOpticsGroup', 'rlnMicrographOriginalPixelSize', 'rlnVoltage', 'rlnSphericalAberration', 'rlnAmplitudeContrast', 'rlnMicrographPixelSize'],
  [['opticsGroup1', 1, 0.885, 300, 2.7, 0.1, 0.885]],
);

const COORD_COLUMNS = ['rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit', 'rlnClassNumber', 'rlnAnglePsi'];
const picks: number[][] = [
  [40, 30, 0.5, 0, -999],
  [60.5, 50.25, 1.25, 0, -999],
  [80, 60, 2, 0, -999],
];

describe('RELION 3.1 reads STAR files written by formatStar', () => {
  it('relion_star_handler selects micrographs by defocus from a data_optics + data_micrographs file', () => {
    const mics = starTable(
      'micrographs',
      ['rlnMicrographName', 'rlnOpticsGroup', 'rlnCtfImage', 'rlnDefocusU', 'rlnDefocusV', 'rlnCtfAstigmatism', 'rlnDefocusAngle', 'rlnCtfFigureOfMerit', 'rlnCtfMaxResolution'],
      [
        ['MotionCorr/a.mrc', 1, 'CtfFind/a.ctf:mrc', 10000.5, 9800.25, 200.25, 12.5, 0.12, 4.5],
        ['MotionCorr/with space.mrc', 1, 'CtfFind/b.ctf:mrc', 20000, 19500, 500, -30, 0.08, 6],
        ['MotionCorr/c.mrc', 1, 'CtfFind/c.ctf:mrc', 30000.75, 29000, 1000.75, 88, 0.05, 25],
      ],
    );
    writeFileSync(join(dir, 'micrographs_ctf.star'), formatStar([optics, mics]));
    const out = run('relion_star_handler', ['--i', 'micrographs_ctf.star', '--o', 'selected.star', '--select', 'rlnDefocusU', '--minval', '15000']);
    expect(out).toContain('Written: selected.star with 2 item(s)');
    const back = parseStar(readFileSync(join(dir, 'selected.star'), 'utf8'), 'selected.star');
    expect(back.map((b) => b.name)).toEqual(['optics', 'micrographs']);
    const sel = getStarTable(back, 'micrographs', 'selected.star');
    expect(starColumn(sel, 'rlnMicrographName', 'x')).toEqual(['MotionCorr/with space.mrc', 'MotionCorr/c.mrc']);
    expect(starColumn(sel, 'rlnDefocusU', 'x').map(Number)).toEqual([20000, 30000.75]);
    expect(starColumn(getStarTable(back, 'optics', 'x'), 'rlnMicrographPixelSize', 'x').map(Number)).toEqual([0.885]);
  });

  it('relion_star_printtable prints the coordinates of a coordinate STAR', () => {
    writeFileSync(join(dir, 'coords.star'), formatStar([starTable('', COORD_COLUMNS, picks)]));
    const out = run('relion_star_printtable', ['coords.star', 'data_', 'rlnCoordinateX', 'rlnCoordinateY']);
    expect(out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number))).toEqual(picks.map((p) => [p[0], p[1]]));
  });

  it('relion_preprocess extracts particles at our coordinates from our micrograph, in our orientation', () => {
    const width = 128;
    const micrograph = { width, height: 96, data: Float32Array.from({ length: width * 96 }, (_, i) => Math.sin(i * 0.37) + (i % width) * 0.01) };
    mkdirSync(join(dir, 'Mics'), { recursive: true });
    writeFileSync(join(dir, 'Mics/mic1.mrc'), encodeMrc([micrograph], { pixelSizeA: 0.885 }));
    writeFileSync(join(dir, 'mics.star'), formatStar([optics, starTable('micrographs', ['rlnMicrographName', 'rlnOpticsGroup'], [['Mics/mic1.mrc', 1]])]));
    writeFileSync(join(dir, 'Mics/mic1_autopick.star'), formatStar([starTable('', COORD_COLUMNS, picks)]));
    run('relion_preprocess', ['--i', 'mics.star', '--coord_dir', './', '--coord_suffix', '_autopick.star', '--part_star', 'particles.star', '--part_dir', 'Particles/', '--extract', '--extract_size', '16']);
    const parts = getStarTable(parseStar(readFileSync(join(dir, 'particles.star'), 'utf8'), 'particles.star'), 'particles', 'particles.star');
    expect(parts.rows.length).toBe(3);
    expect(starColumn(parts, 'rlnCoordinateX', 'p').map(Number)).toEqual(picks.map((p) => p[0]));
    expect(starColumn(parts, 'rlnCoordinateY', 'p').map(Number)).toEqual(picks.map((p) => p[1]));
    expect(starColumn(parts, 'rlnAutopickFigureOfMerit', 'p').map(Number)).toEqual(picks.map((p) => p[2]));
    // RELION's box for (40, 30) starts at (40 − 8, 30 − 8): pixel (x, y) of our micrograph is pixel (x, y) for RELION.
    const box = readMrc(readFileSync(join(dir, 'Particles/Mics/mic1.mrcs')), 'mic1.mrcs').images[0];
    let maxDiff = 0;
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) maxDiff = Math.max(maxDiff, Math.abs(box.data[y * 16 + x] - micrograph.data[(22 + y) * width + 32 + x]));
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
