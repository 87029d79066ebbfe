// Tests for startMirror against the embedded store: growing files, ignored names, resume, multipart ETag check, share cleanup.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../lib/log.js';
import { MIRROR_META, startMirror } from '../../../lib/mirror/index.js';
import type { MirrorOptions } from '../../../lib/mirror/index.js';
import { startStoreFixture } from './storeFixture.js';
import type { StoreFixture } from './storeFixture.js';

let fx: StoreFixture;
let share: string;
let n = 0;
beforeAll(async () => { fx = await startStoreFixture(); });
afterAll(async () => { await fx.stop(); });
beforeEach(async () => { share = await mkdtemp(join(tmpdir(), 'share-')); n += 1; });

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Runs a mirror until `once` finishes; returns the JSON log lines. */
async function mirrorOnce(prefix: string, options: Partial<MirrorOptions> = {}): Promise<{ msg: string; key?: string }[]> {
  const lines: { msg: string; key?: string }[] = [];
  const log = createLogger('mirror', {}, (l) => void lines.push(JSON.parse(l) as { msg: string }));
  const m = startMirror(share, fx.client, fx.store, { prefix, settleMs: 300, once: true, progress: null, log, ...options });
  await m.done;
  return lines;
}

describe('startMirror', () => {
  it('uploads a file growing for two seconds once, complete, under its relative path; skips temporary names', async () => {
    const prefix = `raw/e/s${n}/`;
    await mkdir(join(share, 'Data'), { recursive: true });
    await writeFile(join(share, 'Data/.hidden.tif'), 'x');
    await writeFile(join(share, 'Data/m1.tif.tmp'), 'x');
    const chunks = Array.from({ length: 10 }, (_, i) => Buffer.alloc(100_000, i + 1));
    await writeFile(join(share, 'Data/m1.tif'), chunks[0]);
    const logs: { msg: string; key?: string }[] = [];
    const log = createLogger('mirror', {}, (l) => void logs.push(JSON.parse(l) as { msg: string }));
    const m = startMirror(share, fx.client, fx.store, { prefix, settleMs: 600, progress: null, log });
    // The microscope writes a chunk every 200 ms: longer gaps than the settle time never occur.
    for (const c of chunks.slice(1)) {
      await delay(200);
      await appendFile(join(share, 'Data/m1.tif'), c);
    }
    const whole = Buffer.concat(chunks);
    while (m.stats().uploaded < 1) await delay(20);
    const stats = await m.stop();
    expect(stats.uploaded).toBe(1);
    expect(logs.filter((l) => l.msg === 'uploaded').map((l) => l.key)).toEqual([`${prefix}Data/m1.tif`]);
    const head = await fx.store.head(`${prefix}Data/m1.tif`);
    expect(head?.size).toBe(whole.length);
    expect(head?.metadata[MIRROR_META.sha256]).toBe(sha(whole));
    const keys: string[] = [];
    for await (const o of fx.store.list(prefix)) keys.push(o.key);
    expect(keys).toEqual([`${prefix}Data/m1.tif`]);
  });

  it('skips symbolic links with a log line: nothing outside the share is uploaded', async () => {
    const prefix = `raw/e/s${n}/`;
    const outside = await mkdtemp(join(tmpdir(), 'outside-'));
    await writeFile(join(outside, 'secret.tif'), 'not in the share');
    await mkdir(join(outside, 'dir'));
    await writeFile(join(outside, 'dir', 'deep.tif'), 'nor this');
    await writeFile(join(share, 'real.tif'), 'real');
    await symlink(join(outside, 'secret.tif'), join(share, 'link.tif'));
    await symlink(join(outside, 'dir'), join(share, 'linkdir'));
    const lines = await mirrorOnce(prefix) as { msg: string; key?: string; path?: string }[];
    expect(lines.filter((l) => l.msg === 'uploaded').map((l) => l.key)).toEqual([`${prefix}real.tif`]);
    expect(lines.filter((l) => l.msg.startsWith('skipped: symbolic link')).map((l) => l.path)).toContain('link.tif');
    expect(await fx.store.head(`${prefix}link.tif`)).toBeNull();
    expect(await fx.store.head(`${prefix}linkdir/deep.tif`)).toBeNull();
    await rm(outside, { recursive: true, force: true });
  });

  it('resumes from the bucket: a second run uploads nothing again', async () => {
    const prefix = `raw/e/s${n}/`;
    await writeFile(join(share, 'a.tif'), Buffer.alloc(6 * 1024 * 1024 + 3, 9));
    await writeFile(join(share, 'b.tif'), 'small');
    const first = await mirrorOnce(prefix, { partSizeBytes: 5 * 1024 * 1024 });
    expect(first.filter((l) => l.msg === 'uploaded').map((l) => l.key).sort()).toEqual([`${prefix}a.tif`, `${prefix}b.tif`]);
    const second = await mirrorOnce(prefix);
    expect(second.filter((l) => l.msg === 'uploaded')).toEqual([]);
    expect(second.filter((l) => l.msg === 'skipped: already in bucket').map((l) => l.key).sort()).toEqual([`${prefix}a.tif`, `${prefix}b.tif`]);
  });

  it('uploads a movie as soon as its EPU companion .xml appears, before the settle time', async () => {
    const prefix = `raw/e/s${n}/`;
    await writeFile(join(share, 'FoilHole_1_Data_2_Fractions.tiff'), 'movie');
    await writeFile(join(share, 'FoilHole_1_Data_2.xml'), '<xml/>');
    const lines: { msg: string; key?: string }[] = [];
    const log = createLogger('mirror', {}, (l) => void lines.push(JSON.parse(l) as { msg: string }));
    const t0 = performance.now();
    const m = startMirror(share, fx.client, fx.store, { prefix, settleMs: 60_000, progress: null, log });
    while (m.stats().uploaded < 1) await delay(20);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await m.stop();
    // The .xml itself still waits for its own settle time.
    expect(lines.filter((l) => l.msg === 'uploaded').map((l) => l.key)).toEqual([`${prefix}FoilHole_1_Data_2_Fractions.tiff`]);
  });

  it('deletes from the share only verified uploads older than the cleanup age', async () => {
    const prefix = `raw/e/s${n}/`;
    await writeFile(join(share, 'old.tif'), 'old movie');
    await writeFile(join(share, 'new.tif'), 'new movie');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(share, 'old.tif'), twoHoursAgo, twoHoursAgo);
    const lines: { msg: string; key?: string }[] = [];
    const log = createLogger('mirror', {}, (l) => void lines.push(JSON.parse(l) as { msg: string }));
    const m = startMirror(share, fx.client, fx.store, { prefix, settleMs: 200, progress: null, log, cleanupMinAgeMs: 3600_000, retryDelayMs: 50 });
    while (m.stats().deleted < 1) await delay(20);
    await m.stop();
    expect(await readdir(share)).toEqual(['new.tif']);
    expect((await fx.store.head(`${prefix}old.tif`))?.size).toBe(9);
    expect((await fx.store.head(`${prefix}new.tif`))?.size).toBe(9);
    const msgs = lines.map((l) => `${l.msg} ${l.key}`);
    expect(msgs.indexOf(`uploaded ${prefix}old.tif`)).toBeLessThan(msgs.indexOf(`deleted from share ${prefix}old.tif`));
  });
});

afterAll(async () => { await rm(share, { recursive: true, force: true }); });
