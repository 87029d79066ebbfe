// The movie table's time and defaults warning come from motioncor's recorded optics, else the upload time.
import { describe, expect, it } from 'vitest';
import { acquisitionFields } from '../../dashboard/server/acquisition.js';

const uploaded = new Date('2027-03-01T00:00:00Z');

describe('acquisitionFields', () => {
  it('uses the microscope time (zone applied) and lists optics on defaults', () => {
    const f = acquisitionFields({ optics: {
      pixelSizeA: { value: 0.83, source: 'metadata:epu' }, voltageKv: { value: 300, source: 'default' }, dosePerFrame: { value: 1, source: 'default' },
      acquiredAt: { value: '2026-12-05T10:12:33.4458226+01:00', source: 'metadata:epu' },
    } }, uploaded);
    expect(f).toEqual({ acquired: '2026-12-05T09:12:33.445Z', acquiredSource: 'metadata:epu', opticsDefaults: ['voltageKv', 'dosePerFrame'] });
  });

  it('before motioncor (or from an older result) the upload time stands, marked as such', () => {
    expect(acquisitionFields(undefined, uploaded)).toEqual({ acquired: '2027-03-01T00:00:00.000Z', acquiredSource: 'upload', opticsDefaults: [] });
    expect(acquisitionFields({ pixelSizeA: 1 }, uploaded).acquiredSource).toBe('upload');
  });
});
