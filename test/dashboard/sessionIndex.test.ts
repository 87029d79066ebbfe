// Session summaries from events: built by one listing, then kept by events alone; events during the listing count.
import { describe, expect, it } from 'vitest';
import { createSessionIndex } from '../../dashboard/server/sessionIndex.js';
import type { ObjectInfo, ObjectStore } from '../../lib/store/index.js';

/** An in-memory bucket whose listings are counted and can be held open until `release()`. */
function memoryBucket(keys: string[]) {
  const objects = new Map(keys.map((k) => [k, new Date('2026-01-01T00:00:00Z')]));
  let listings = 0;
  let gate: Promise<void> = Promise.resolve();
  let release = (): void => undefined;
  const store: Pick<ObjectStore, 'list'> = {
    async *list(prefix: string): AsyncIterable<ObjectInfo> {
      listings++;
      await gate;
      for (const [key, lastModified] of [...objects].sort(([a], [b]) => a.localeCompare(b))) {
        if (key.startsWith(prefix)) yield { key, size: 1, etag: 'e', lastModified, metadata: {} };
      }
    },
  };
  return {
    store, objects,
    listings: () => listings,
    hold() { gate = new Promise((r) => { release = r; }); },
    release: () => release(),
  };
}

const movieKeys = (e: string, s: string, m: string, finalized: boolean): string[] => [
  `raw/${e}/${s}/${m}.tif`, `processed/${e}/${s}/motioncor/${m}.json`, `processed/${e}/${s}/motioncor/${m}.mrc`,
  ...(finalized ? [`processed/${e}/${s}/finalize/${m}.json`] : []),
];

describe('createSessionIndex', () => {
  it('counts movies, finalized movies and movies with an error record per session from one listing', async () => {
    const b = memoryBucket([
      ...movieKeys('e', '20240101_krios1', 'm1', true), ...movieKeys('e', '20240101_krios1', 'm2', false),
      'processed/e/20240101_krios1/errors/m2.ctffind.json', 'processed/e/20240101_krios1/errors/m2.pick.json',
      ...movieKeys('e', '20240101Xkrios1', 'm1', false), 'params/e/only-params/session.json',
    ]);
    const index = createSessionIndex(b.store);
    const byName = Object.fromEntries((await index.summaries()).map((s) => [s.session, [s.movies, s.done, s.failed]]));
    expect(byName).toEqual({ '20240101_krios1': [2, 1, 1], '20240101Xkrios1': [1, 0, 0], 'only-params': [0, 0, 0] });
    expect(b.listings()).toBe(3);
  });

  it('follows created and removed objects from events without listing again', async () => {
    const b = memoryBucket(movieKeys('e', 's1', 'm1', false));
    const index = createSessionIndex(b.store);
    await index.summaries();
    const t = new Date('2026-02-01T00:00:00Z');
    for (const k of [...movieKeys('e', 's1', 'm2', true), 'processed/e/s1/finalize/m1.json', 'processed/e/s1/errors/m1.pick.json']) index.apply(k, 's3:ObjectCreated:Put', t);
    index.apply('raw/e/s2/a.mrc', 's3:ObjectCreated:CompleteMultipartUpload', t);
    expect((await index.summaries()).map((s) => [s.session, s.movies, s.done, s.failed, s.lastActivity])).toEqual([
      ['s1', 2, 2, 1, t.toISOString()], ['s2', 1, 0, 0, t.toISOString()],
    ]);
    index.apply('processed/e/s1/errors/m1.pick.json', 's3:ObjectRemoved:Delete', t);
    index.apply('raw/e/s1/m2.tif', 's3:ObjectRemoved:Delete', t);
    expect((await index.summaries()).find((s) => s.session === 's1')).toMatchObject({ movies: 1, done: 2, failed: 0 });
    expect(b.listings()).toBe(3);
  });

  it('keeps an event that arrives while the listing runs, and lists again after invalidate', async () => {
    const b = memoryBucket(movieKeys('e', 's1', 'm1', false));
    const index = createSessionIndex(b.store);
    b.hold();
    const pending = index.summaries();
    b.objects.set('raw/e/s1/m2.tif', new Date('2026-01-02T00:00:00Z'));
    index.apply('raw/e/s1/m2.tif', 's3:ObjectCreated:Put');
    index.apply('processed/e/s1/finalize/m1.json', 's3:ObjectCreated:Put');
    b.release();
    expect((await pending).map((s) => [s.movies, s.done])).toEqual([[2, 1]]);
    index.invalidate();
    expect((await index.summaries()).map((s) => [s.movies, s.done])).toEqual([[2, 0]]);
    expect(b.listings()).toBe(6);
  });

  it('warm() lists at start-up, and the first request shares that listing', async () => {
    const b = memoryBucket(movieKeys('e', 's1', 'm1', true));
    const index = createSessionIndex(b.store);
    index.warm((err) => { throw err; });
    expect(b.listings()).toBe(1);
    expect((await index.summaries()).map((s) => [s.movies, s.done])).toEqual([[1, 1]]);
    expect(b.listings()).toBe(3);
  });
});
