// EPU XML, SerialEM mdoc, EER metadata and MRC headers give the optics their files state (values read off the fixtures).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eerMetadataXml, parseEerMetadata } from '../../../lib/formats/eer/index.js';
import { openMovie } from '../../../lib/formats/movie.js';
import { companionKeys, eerMetadataValues, epuNameValues, movieHeaderValues, parseEpuXml, parseMdoc } from '../../../lib/metadata/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/metadata');
const shared = join(import.meta.dirname, '../../../../shared/data');

describe('EPU MicroscopeImage XML', () => {
  it('gives pixel size, voltage, total dose and fractions, time, stage and the applied defocus in project units', async () => {
    const m = parseEpuXml(await readFile(join(fixtures, 'FoilHole_4567_Data_1234_5678_20261205_101233.xml'), 'utf8'));
    expect(m.source).toBe('metadata:epu');
    expect(m.pixelSizeA).toBeCloseTo(0.83, 9); // 8.3E-11 m
    expect(m.voltageKv).toBe(300); // 300000 V
    expect(m.totalDose).toBeCloseTo(48, 9); // 4.8E+21 e/m²
    expect(m.frameCount).toBe(40);
    expect(m.acquiredAt).toBe('2026-12-05T10:12:33.4458226+01:00');
    expect(m.stageUm?.x).toBeCloseTo(-123.456, 6);
    expect(m.stageUm?.y).toBeCloseTo(234.567, 6);
    expect(m.stageUm?.z).toBeCloseTo(1.5, 6);
    expect(m.defocusTargetUm).toBeCloseTo(-1.6, 9); // AppliedDefocus, not the lens Defocus (-1.72)
  });

  it('text that is not XML gives no values', () => {
    expect(parseEpuXml('not xml <')).toEqual({ source: 'metadata:epu' });
  });

  it('EPU names give grid square and foil hole; companions are looked for beside the movie', () => {
    const key = 'raw/e/s/GridSquare_88/Data/FoilHole_4567_Data_1234_5678_20261205_101233_Fractions.tiff';
    expect(epuNameValues(key)).toMatchObject({ gridSquare: 'GridSquare_88', foilHole: 'FoilHole_4567' });
    expect(companionKeys(key).epu).toContain('raw/e/s/GridSquare_88/Data/FoilHole_4567_Data_1234_5678_20261205_101233.xml');
    expect(companionKeys('raw/e/s/movie.tif').mdoc[0]).toBe('raw/e/s/movie.tif.mdoc');
    expect(companionKeys('raw/e/s/movie.tif').epu[0]).toBe('raw/e/s/movie.xml');
  });
});

describe('SerialEM mdoc', () => {
  it('takes the frame set section over the header and reads dose per frame, time, stage and target defocus', async () => {
    const m = parseMdoc(await readFile(join(fixtures, 'movie.tif.mdoc'), 'utf8'));
    expect(m).toMatchObject({ source: 'metadata:mdoc', pixelSizeA: 0.83, voltageKv: 300, totalDose: 50.4, frameCount: 42, dosePerFrame: 1.2 });
    expect(m.acquiredAt).toBe('2026-12-05T10:12:33');
    expect(m.stageUm).toEqual({ x: 123.45, y: -67.89, z: 4.2 });
    expect(m.defocusTargetUm).toBe(-1.75);
  });
});

describe('EER acquisition metadata', () => {
  it('converts the total dose per physical pixel into e/Å² per fraction of `group` raw frames', () => {
    const meta = parseEerMetadata(eerMetadataXml({ 'sensorPixelSize.width': ['8.3e-11', 'm'], 'sensorPixelSize.height': ['8.3e-11', 'm'], totalDose: ['32', 'e/pixel'], numberOfFrames: 1000, timestamp: '2026-12-05T10:12:33Z' }));
    const m = eerMetadataValues(meta, 1000, 32);
    expect(m.pixelSizeA).toBeCloseTo(0.83, 9);
    expect(m.totalDose).toBeCloseTo(32 / 0.6889, 6);
    expect(m.dosePerFrame).toBeCloseTo((32 / 0.6889 / 1000) * 32, 6);
    expect(m.acquiredAt).toBe('2026-12-05T10:12:33Z');
  });
});

describe('MRC header', () => {
  it('a RELION-written MRC gives cella/mx as pixel size; a header with no cell gives none', async () => {
    const withCell = await openMovie(join(shared, 'mrcfile_float16.mrc'));
    try {
      expect(movieHeaderValues(withCell, 32).pixelSizeA).toBeCloseTo(230.1 / 64, 4);
    } finally {
      await withCell.close();
    }
    const noCell = await openMovie(join(shared, 'cistem_hiv_images_shift_noise_80x80x10.mrc'));
    try {
      expect(movieHeaderValues(noCell, 32)).toEqual({ source: 'metadata:mrc', frameCount: 10 });
    } finally {
      await noCell.close();
    }
  });
});
