// Precedence: a person's value > the first metadata file that has one > the default; each value names its source.
import { describe, expect, it } from 'vitest';
import { mirrorValues, resolveOptics, usesDefaults } from '../../../lib/metadata/index.js';
import type { MovieMetadata } from '../../../lib/metadata/index.js';

const defaults = { pixelSizeA: 1, voltageKv: 300, dosePerFrame: 1 };
const epu: MovieMetadata = { source: 'metadata:epu', pixelSizeA: 0.83, voltageKv: 200, totalDose: 48, acquiredAt: '2026-12-05T10:12:33+01:00', foilHole: 'FoilHole_1' };
const header: MovieMetadata = { source: 'metadata:mrc', pixelSizeA: 0.9, frameCount: 40 };

describe('resolveOptics', () => {
  it('nothing set and no metadata: every value is the default and says so', () => {
    const o = resolveOptics({}, [], defaults);
    expect(o.pixelSizeA).toEqual({ value: 1, source: 'default' });
    expect(o.dosePerFrame).toEqual({ value: 1, source: 'default' });
    expect(usesDefaults(o)).toBe(true);
  });

  it('metadata beats defaults, earlier files beat the header, total dose is split over the header frame count', () => {
    const o = resolveOptics({}, [epu, header], defaults);
    expect(o.pixelSizeA).toEqual({ value: 0.83, source: 'metadata:epu' });
    expect(o.voltageKv).toEqual({ value: 200, source: 'metadata:epu' });
    expect(o.dosePerFrame.source).toBe('metadata:epu');
    expect(o.dosePerFrame.value).toBeCloseTo(1.2, 12); // 48 e/Å² over 40 frames
    expect(o.acquiredAt).toEqual({ value: '2026-12-05T10:12:33+01:00', source: 'metadata:epu' });
    expect(o.foilHole?.value).toBe('FoilHole_1');
    expect(usesDefaults(o)).toBe(false);
  });

  it('a person-set value beats metadata, field by field', () => {
    const o = resolveOptics({ pixelSizeA: 1.3 }, [epu, header], defaults);
    expect(o.pixelSizeA).toEqual({ value: 1.3, source: 'session' });
    expect(o.voltageKv.source).toBe('metadata:epu');
  });

  it('a total dose with no frame count anywhere is not guessed into a per-frame dose', () => {
    const o = resolveOptics({}, [{ source: 'metadata:epu', totalDose: 48 }], defaults);
    expect(o.dosePerFrame).toEqual({ value: 1, source: 'default' });
  });
});

describe('mirror record', () => {
  it("the mirror's source mtime is the acquisition time only when no microscope file gives one", () => {
    const mirror = mirrorValues({ 'source-mtime-ms': String(Date.UTC(2026, 11, 5, 9, 0, 0)) });
    expect(resolveOptics({}, [mirror], defaults).acquiredAt).toEqual({ value: '2026-12-05T09:00:00.000Z', source: 'metadata:mirror' });
    expect(resolveOptics({}, [epu, mirror], defaults).acquiredAt?.source).toBe('metadata:epu');
    expect(mirrorValues({})).toEqual({ source: 'metadata:mirror' });
  });
});
