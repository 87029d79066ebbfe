// Tests for the mirror's pure rules: ignored names, EPU companions, settle detection, token bucket, ETags, share cleanup.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { companionPaths, createSettleTracker, createTokenBucket, etagTap, isIgnoredPath, mayDeleteFromShare, MIRROR_META } from '../../../lib/mirror/index.js';
import type { ObjectInfo } from '../../../lib/store/index.js';

describe('isIgnoredPath', () => {
  it.each([
    ['a/.hidden.tif', true], ['.git/x', true], ['a/~lock.tif', true], ['m.tif.tmp', true], ['m.TMP', true], ['m.tif.part', true],
    ['m.tif~', true], ['$RECYCLE.BIN/x.tif', true], ['System Volume Information/x', true],
    ['Images-Disc1/GridSquare_1/Data/FoilHole_1_Data_2_Fractions.tiff', false], ['a/b.xml', false], ['', false],
  ])('%s → %s', (p, ignored) => expect(isIgnoredPath(p)).toBe(ignored));
});

describe('companionPaths', () => {
  it('finds the EPU metadata file with and without _Fractions', () => {
    expect(companionPaths('d/FoilHole_1_Data_2_3_Fractions.tiff', ['.xml'])).toEqual(['d/FoilHole_1_Data_2_3.xml', 'd/FoilHole_1_Data_2_3_Fractions.xml']);
    expect(companionPaths('m_00001.tif', ['.xml', '.mdoc'])).toEqual(['m_00001.xml', 'm_00001.mdoc']);
    expect(companionPaths('d/FoilHole_1.xml', ['.xml'])).toEqual([]);
  });
});

describe('createSettleTracker', () => {
  it('settles after the settle time without change, restarting on growth', () => {
    const t = createSettleTracker(1000);
    expect(t.observe('a', { size: 10, mtimeMs: 1 }, 0)).toBe(true);
    expect(t.isSettled('a', 900)).toBe(false);
    expect(t.observe('a', { size: 20, mtimeMs: 2 }, 900)).toBe(true);
    expect(t.isSettled('a', 1500)).toBe(false);
    expect(t.observe('a', { size: 20, mtimeMs: 2 }, 1500)).toBe(false);
    expect(t.isSettled('a', 1900)).toBe(true);
  });

  it('settles early when the companion exists and two samples agree', () => {
    const t = createSettleTracker(60_000);
    t.observe('a', { size: 10, mtimeMs: 1 }, 0);
    expect(t.isSettled('a', 10, true)).toBe(false);
    t.observe('a', { size: 10, mtimeMs: 1 }, 100);
    expect(t.isSettled('a', 100, true)).toBe(true);
  });
});

describe('createTokenBucket', () => {
  it('holds a stream to the configured rate (virtual clock: exact waits, no wall-clock timing)', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = createTokenBucket(2_000_000, { burstBytes: 100_000, clock: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } });
    for (let i = 0; i < 10; i++) await bucket.take(100_000);
    // 1 MB at 2 MB/s with a 0.1 MB burst: the burst covers the first 0.1 MB, then 50 ms per 0.1 MB.
    expect(waits.length).toBe(9);
    expect(now).toBeCloseTo(450, 9);
    // A pause refills the burst, but never beyond it.
    now += 10_000;
    await bucket.take(100_000);
    expect(waits.length).toBe(9);
    await bucket.take(100_000);
    expect(waits[9]).toBeCloseTo(50, 9);
  });
});

describe('etagTap', () => {
  it('computes the whole-object MD5 and the S3 multipart ETag of parts', async () => {
    const bytes = Buffer.alloc(2500, 7);
    const tap = etagTap(1000);
    await pipeline(Readable.from([bytes.subarray(0, 700), bytes.subarray(700, 2100), bytes.subarray(2100)]), tap.stream, new Writable({ write: (_c, _e, cb) => cb() }));
    const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();
    const parts = Buffer.concat([md5(bytes.subarray(0, 1000)), md5(bytes.subarray(1000, 2000)), md5(bytes.subarray(2000))]);
    expect(tap.digest()).toEqual({ md5: md5(bytes).toString('hex'), multipart: `${createHash('md5').update(parts).digest('hex')}-3`, parts: 3, size: 2500 });
  });
});

describe('mayDeleteFromShare', () => {
  const sha = 'a'.repeat(64);
  const local = { size: 100, mtimeMs: 1_000 };
  const head = (meta: Record<string, string>, size = 100): ObjectInfo => ({ key: 'k', size, etag: 'e', lastModified: new Date(0), metadata: meta });
  const good = { [MIRROR_META.sha256]: sha, [MIRROR_META.mtime]: '1000', [MIRROR_META.size]: '100' };
  it.each([
    ['not uploaded', null, sha, 10_000, { ok: false, reason: 'not in the bucket' }],
    ['another version', head({ ...good, [MIRROR_META.mtime]: '999' }), sha, 10_000, { ok: false, reason: 'the bucket holds another version' }],
    ['changed bytes', head(good), 'b'.repeat(64), 10_000, { ok: false, reason: 'sha256 differs from the uploaded one' }],
    ['too young', head(good), sha, 5_000, { ok: false, reason: 'younger than 6 s' }],
    ['verified and old', head(good), sha, 7_000, { ok: true, reason: `uploaded and verified (sha256 ${sha})` }],
  ])('%s', (_name, h, localSha, now, expected) => {
    expect(mayDeleteFromShare({ local, head: h, localSha256: localSha }, { minAgeMs: 6_000, nowMs: now })).toEqual(expected);
  });
});
