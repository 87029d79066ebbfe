// Movie rows from a listing: step statuses (queued, running, done, failed with text, waiting), metrics, images, key parsing.
import { describe, expect, it } from 'vitest';
import { keyInfo } from '../../dashboard/server/keyInfo.js';
import { createRowCache, movieRows } from '../../dashboard/server/movieRows.js';
import type { ObjectInfo, ObjectStore } from '../../lib/store/index.js';

/** An in-memory store holding only what movieRows reads (getBytes of JSONs). */
function memoryStore(objects: Record<string, unknown>): { store: ObjectStore; infos: ObjectInfo[]; reads: string[] } {
  const reads: string[] = [];
  const infos = Object.keys(objects).map((key, i) => ({ key, size: 1, etag: `e${i}`, lastModified: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), metadata: {} }));
  const store = {
    bucket: 'b',
    getBytes: async (key: string) => { reads.push(key); return new TextEncoder().encode(JSON.stringify(objects[key])); },
  } as unknown as ObjectStore;
  return { store, infos, reads };
}

describe('keyInfo', () => {
  it('names movie, kind and step of raw keys, outputs (longest suffix), results and error records', () => {
    expect(keyInfo('raw/e/s/sub/m1.tiff')).toEqual({ experiment: 'e', session: 's', movie: 'sub/m1', kind: 'raw' });
    expect(keyInfo('processed/e/s/motioncor/m1_drift.png')).toEqual({ experiment: 'e', session: 's', movie: 'm1', kind: 'output', step: 'motioncor' });
    expect(keyInfo('processed/e/s/ctf/m1.json')).toEqual({ experiment: 'e', session: 's', movie: 'm1', kind: 'result', step: 'ctffind' });
    expect(keyInfo('processed/e/s/errors/m1.pick.json')).toEqual({ experiment: 'e', session: 's', movie: 'm1', kind: 'error', step: 'pick' });
    expect(keyInfo('params/e/s/session.json')).toEqual({ experiment: 'e', session: 's', kind: 'params' });
    expect(keyInfo('elsewhere/x')).toBeNull();
  });
});

describe('movieRows', () => {
  const objects: Record<string, unknown> = {
    'raw/e/s/a.tif': null, 'raw/e/s/b.mrc': null, 'raw/e/s/c.eer': null,
    // a: motioncor and ctffind done, pick failed.
    'processed/e/s/motioncor/a.png': null,
    'processed/e/s/motioncor/a.json': { results: { pixelSizeA: 2, shifts: [[0, 0], [3, 4], [3, 4]] }, parameters: {} },
    'processed/e/s/ctf/a.json': { results: { defocusU: 21_000, defocusV: 19_000, fitResolutionA: 4.5, relativeIceThickness: 1.08 }, parameters: {} },
    'processed/e/s/errors/a.pick.json': { cause: 'pick: particle diameter 150 Å is too large' },
    // b: motioncor has written outputs but no result yet.
    'processed/e/s/motioncor/b.mrc': null,
  };
  it('derives statuses, error text, metrics and image keys', async () => {
    const { store, infos } = memoryStore(objects);
    const rows = await movieRows(store, createRowCache(), infos);
    expect(rows.map((r) => r.movie)).toEqual(['a', 'b', 'c']);
    const [a, b, c] = rows;
    expect(a.steps).toEqual({ motioncor: 'done', ctffind: 'done', pick: 'failed', finalize: 'waiting' });
    expect(a.errors).toEqual({ pick: 'pick: particle diameter 150 Å is too large' });
    expect(a.totalDriftA).toBe(10); // path 5 px × 2 Å/px
    expect(a.defocusA).toBe(20_000);
    expect(a.fitResolutionA).toBe(4.5);
    expect([a.relativeIceThickness, a.iceThicknessA]).toEqual([1.08, null]); // no node seen: no thickness
    expect(a.particles).toBeNull();
    expect(a.images).toEqual({ thumbnail: 'processed/e/s/motioncor/a.png' });
    expect(a.acquired).toBe('2026-01-01T00:00:00.000Z');
    expect(b.steps).toEqual({ motioncor: 'running', ctffind: 'waiting', pick: 'waiting', finalize: 'waiting' });
    expect(c.steps.motioncor).toBe('queued');
  });

  it('reads each JSON once per ETag', async () => {
    const { store, infos, reads } = memoryStore(objects);
    const cache = createRowCache();
    await movieRows(store, cache, infos);
    const first = reads.length;
    await movieRows(store, cache, infos);
    expect(first).toBe(3);
    expect(reads.length).toBe(3);
  });
});
