// Crash safety: SIGKILL the mirror and the finalizer mid-transfer; nothing partial appears under a final name, and a rerun finishes without doing anything twice.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../lib/archive/index.js';
import { movieObjects } from '../lib/archive/movieFixture.js';
import { cli, until } from '../lib/mirror/cliChild.js';
import { startStoreFixture } from '../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir: string;
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'dm-kill-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('killed mid-transfer', () => {
  it('mirror: the killed upload never shows as an object; the rerun uploads each file exactly once overall', async () => {
    const share = join(dir, 'share');
    await mkdir(share, { recursive: true });
    const big = Buffer.alloc(12 * 1024 * 1024).map((_, i) => (i * 13) & 0xff);
    await writeFile(join(share, 'a_small.tif'), 'first');
    await writeFile(join(share, 'b_big.tif'), big);
    // 4 MB/s: the 12 MiB file takes ~3 s, so the kill lands inside it.
    const args = ['mirror', share, '--prefix', 'raw/e/k/', '--settle', '0.3', '--concurrency', '1', '--part-size', '5', '--bwlimit', '4'];
    const first = cli(args, fx.env);
    await until('the big upload to start', () => first.logs.some((l) => l.msg === 'uploading' && l.key === 'raw/e/k/b_big.tif'));
    await until('some parts to be sent', async () => (await readdir(join(fx.dir, 'data'), { recursive: true })).some((p) => String(p).includes('uploads')));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await fx.store.head('raw/e/k/b_big.tif')).toBeNull();
    const second = cli([...args, '--once'], fx.env);
    expect(await second.exited).toBe(0);
    const uploads = [...first.logs, ...second.logs].filter((l) => l.msg === 'uploaded').map((l) => l.key).sort();
    expect(uploads).toEqual(['raw/e/k/a_small.tif', 'raw/e/k/b_big.tif']);
    expect(second.logs.filter((l) => l.msg === 'skipped: already in bucket').map((l) => l.key)).toEqual(['raw/e/k/a_small.tif']);
    const head = await fx.store.head('raw/e/k/b_big.tif');
    expect([head?.size, head?.metadata.sha256]).toEqual([big.length, sha(big)]);
  }, 60_000);

  it('finalizer: the killed copy leaves only a hidden temporary; reruns copy each file once', async () => {
    const raw = Buffer.alloc(64 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const ref = { experiment: 'e', session: 'f', movie: 'm1' };
    for (const [k, v] of movieObjects(ref, raw).objects) await fx.store.put(k, v);
    const gpfs = join(dir, 'gpfs');
    const rawDir = join(gpfs, 'e/f/raw');
    const args = ['finalize', 'run', 'e', 'f', '--gpfs-root', gpfs];
    const first = cli(args, fx.env);
    await until('a temporary copy to appear', async () => (await readdir(rawDir).catch(() => [])).some((n) => n.endsWith('.partial')), 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const left = await readdir(rawDir);
    expect(left).not.toContain('m1.tif');
    expect(left.filter((n) => n.startsWith('.m1.tif.') && n.endsWith('.partial'))).toHaveLength(1);

    const second = cli(args, fx.env);
    expect(await second.exited).toBe(0);
    expect(second.stdout()).toBe('m1: 7 copied, 0 already archived, 7 manifest rows\n');
    expect(await readdir(rawDir)).toEqual(['m1.tif']);
    expect(sha(await readFile(join(rawDir, 'm1.tif')))).toBe(sha(raw));
    const third = cli(args, fx.env);
    expect(await third.exited).toBe(0);
    expect(third.stdout()).toBe('m1: 0 copied, 7 already archived, 0 manifest rows\n');
    const rows = parseManifest(await readFile(join(gpfs, 'e/f/manifest.tsv'), 'utf8'));
    expect(rows.map((r) => r.path).sort()).toEqual(['ctf/m1.json', 'ctf/m1.txt', 'motioncor/m1.json', 'motioncor/m1.mrc', 'picks/m1.json', 'picks/m1.star', 'raw/m1.tif']);
    expect(await fx.store.head('raw/e/f/m1.tif')).not.toBeNull();
  }, 60_000);
});
