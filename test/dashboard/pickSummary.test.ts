// The dashboard's pick fields: a movie's stated/estimated diameter and warnings, the session's pick warnings.
import { describe, expect, it } from 'vitest';
import { createRowCache, movieRows } from '../../dashboard/server/movieRows.js';
import { pickInfo, sessionPickSummary } from '../../dashboard/server/pickSummary.js';
import type { MovieRow } from '../../dashboard/server/types.js';
import type { ObjectInfo, ObjectStore } from '../../lib/store/index.js';

function memoryStore(objects: Record<string, unknown>): { store: ObjectStore; infos: ObjectInfo[] } {
  const infos = Object.keys(objects).map((key, i) => ({ key, size: 1, etag: `e${i}`, lastModified: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), metadata: {} }));
  const store = { bucket: 'b', getBytes: async (key: string) => new TextEncoder().encode(JSON.stringify(objects[key])) } as unknown as ObjectStore;
  return { store, infos };
}

const row = (movie: string, particles: number, estimatedDiameterA: number | null, stated = '90'): MovieRow => ({
  movie, key: `raw/e/s/${movie}.tif`, acquired: '2026-01-01T00:00:00Z', size: 1,
  steps: { motioncor: 'done', ctffind: 'done', pick: 'done', finalize: 'done' }, errors: {},
  totalDriftA: null, defocusA: null, fitResolutionA: null, particles, shifts: null, images: {},
  pick: { statedDiameterA: stated, estimatedDiameterA, warnings: [] },
});

describe('pick fields of a movie row', () => {
  it('reads the stated range, the estimate and the warnings of a pick result', async () => {
    const warning = 'no particles picked in "a.mrc": the strongest DoG peak was 2.1 σ';
    const { store, infos } = memoryStore({
      'raw/e/s/a.tif': null, 'raw/e/s/b.tif': null,
      'processed/e/s/picks/a.json': { results: { count: 0, statedDiameterA: '70-110', estimatedDiameterA: null, warnings: [warning] } },
      'processed/e/s/picks/b.json': { results: { count: 40, statedDiameterA: { min: 60, max: 80 }, estimatedDiameterA: 72.5, warnings: [] } },
    });
    const [a, b] = await movieRows(store, createRowCache(), infos);
    expect(a.pick).toEqual({ statedDiameterA: '70-110', estimatedDiameterA: null, warnings: [warning] });
    expect(b.pick).toEqual({ statedDiameterA: '60-80', estimatedDiameterA: 72.5, warnings: [] });
  });

  it('gives null diameters for an older result without them', () => {
    expect(pickInfo({ count: 3 })).toEqual({ statedDiameterA: null, estimatedDiameterA: null, warnings: [] });
  });
});

describe('session pick warnings', () => {
  it('flags an empty micrograph among full ones and an estimate far from the stated size', () => {
    const rows = [row('m1', 50, 62), row('m2', 48, 61), row('m3', 0, null), row('m4', 52, 63)];
    const w = sessionPickSummary(rows);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('1 micrograph with no picks');
    expect(w[0]).toContain('m3');
    // Median estimate of m1, m2, m4 is 62 Å, under 0.8 × 90 = 72 Å.
    expect(w[1]).toBe('estimated particle diameter 62 Å, you entered 90 Å');
  });

  it('says nothing for a healthy session or before anything was picked', () => {
    expect(sessionPickSummary([row('m1', 50, 88), row('m2', 48, 92)])).toEqual([]);
    expect(sessionPickSummary([{ ...row('m1', 0, null), particles: null, pick: null }])).toEqual([]);
  });
});
