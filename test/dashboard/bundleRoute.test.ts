// GET …/bundle streams a tar of a 10-movie session: it untars to exactly the files of its manifest with matching sha256,
// `selected` holds only the accepted movies, and the raw movies' presigned links fetch the right bytes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import express from 'express';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleRouter } from '../../dashboard/server/bundleRoute.js';
import { saveThresholds } from '../../lib/curation/index.js';
import { movieObjects } from '../lib/archive/movieFixture.js';
import { startStoreFixture } from '../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let server: Server;
let base = '';
const objects = new Map<string, Uint8Array>();
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const session = { experiment: 'e', session: 's' };

beforeAll(async () => {
  fx = await startStoreFixture();
  // Movie i has mean defocus 1.45 + 0.1·i µm; the threshold ≤ 1.9 µm accepts m0–m4.
  for (let i = 0; i < 10; i++) {
    for (const [k, v] of movieObjects({ ...session, movie: `m${i}` }, new Uint8Array(2000 + i).fill(7 + i), 15000 + 1000 * i).objects) objects.set(k, v);
  }
  objects.set('processed/e/s/micrographs_selected.star', new TextEncoder().encode('data_micrographs\nloop_\n_rlnMicrographName #1\nmotioncor/m0.mrc\n'));
  for (const [k, v] of objects) await fx.store.put(k, v);
  await saveThresholds(fx.store, session, { defocusUm: { max: 1.9 } });
  const app = express();
  app.use(bundleRouter({ s3: fx.client, store: fx.store, endpoint: fx.cfg.endpoint, linkSeconds: 600 }));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fx.stop();
});

/** Streams the response through tar-stream's extractor, collecting entry bytes. */
async function untar(res: Response): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => { out.set(header.name, Buffer.concat(chunks)); next(); });
  });
  const done = new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); });
  Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>).pipe(extract);
  await done;
  return out;
}

interface Manifest { what: string; movies: string[]; files: { path: string; key: string; sha256: string; size: number }[]; raw: { key: string; url: string }[]; commands: { aws: string; rclone: string } }

describe('session bundle', () => {
  it('selected: untars to the manifest files with matching sha256, accepted movies only, raw movies as working links', async () => {
    const res = await fetch(`${base}/sessions/e/s/bundle?what=selected`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    const entries = await untar(res);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(manifest.movies).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect([...entries.keys()].sort()).toEqual([...manifest.files.map((f) => f.path), 'fetch-raw.sh', 'manifest.json', 'raw-movies.tsv'].sort());
    for (const f of manifest.files) {
      expect(sha(entries.get(f.path)!)).toBe(f.sha256);
      expect(f.sha256).toBe(sha(objects.get(f.key)!));
    }
    // Per movie: sum, motioncor JSON, CTF text + JSON, pick STAR + JSON; plus the session STAR file.
    expect(manifest.files).toHaveLength(5 * 6 + 1);
    expect(manifest.files.some((f) => f.path === 'motioncor/m5.mrc')).toBe(false);
    expect(manifest.raw.map((r) => r.key)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'].map((m) => `raw/e/s/${m}.tif`));
    const got = new Uint8Array(await (await fetch(manifest.raw[2].url)).arrayBuffer());
    expect(sha(got)).toBe(sha(objects.get('raw/e/s/m2.tif')!));
    expect(manifest.commands.aws).toContain("aws s3 sync 's3://cryoem/raw/e/s/' raw/");
    expect(manifest.commands.aws).toContain("--include 'm4.tif'");
    expect(entries.get('fetch-raw.sh')!.toString('utf8')).toContain('m3.tif\n');
  }, 60_000);

  it('all: every movie of the session', async () => {
    const entries = await untar(await fetch(`${base}/sessions/e/s/bundle?what=all`));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(manifest.movies).toHaveLength(10);
    expect(manifest.files).toHaveLength(10 * 6 + 1);
    for (const f of manifest.files) expect(sha(entries.get(f.path)!)).toBe(sha(objects.get(f.key)!));
  }, 60_000);

  it('GNU tar unpacks the same bundle to the manifest files (an independent reader)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bundle-'));
    try {
      await writeFile(join(dir, 'b.tar'), new Uint8Array(await (await fetch(`${base}/sessions/e/s/bundle`)).arrayBuffer()));
      execFileSync('tar', ['-xf', 'b.tar'], { cwd: dir });
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      expect(manifest.what).toBe('selected');
      for (const f of manifest.files) expect(sha(await readFile(join(dir, f.path)))).toBe(f.sha256);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unknown `what` is refused before any byte is sent', async () => {
    const res = await fetch(`${base}/sessions/e/s/bundle?what=everything`);
    expect(res.status).toBe(400);
  });
});
