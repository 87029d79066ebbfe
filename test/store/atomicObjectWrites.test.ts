// The embedded store's object writes are atomic: readers racing an overwrite see one whole version.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../store/embeddedStore.js';
import type { EmbeddedStore } from '../../store/embeddedStore.js';
import { createObjectStore } from '../../lib/store/index.js';
import type { ObjectStore } from '../../lib/store/index.js';

let dir: string;
let server: EmbeddedStore;
let store: ObjectStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-store-'));
  server = await startEmbeddedStore({ dataDir: join(dir, 'data'), port: 0, buckets: ['b'], accessKeyId: 'K', secretAccessKey: 'S' });
  store = createObjectStore({ endpoint: server.url, region: 'us-east-1', bucket: 'b', accessKeyId: 'K', secretAccessKey: 'S' });
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every byte of the body equals the first, and the length is the full size. */
function whole(body: Uint8Array, size: number): boolean {
  if (body.length !== size) return false;
  for (let i = 1; i < body.length; i++) if (body[i] !== body[0]) return false;
  return true;
}

describe('embedded store object writes', () => {
  it('never lets a reader see a truncated or mixed object while it is overwritten', async () => {
    const size = 4 << 20;
    const key = 'processed/e/s/motioncor/m.json';
    await store.put(key, new Uint8Array(size).fill(65));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 12; i++) await store.put(key, new Uint8Array(size).fill(66 + (i % 2)));
      writing = false;
    })();
    const torn: string[] = [];
    let reads = 0;
    while (writing) {
      const body = await store.getBytes(key);
      reads++;
      if (!whole(body, size)) torn.push(`read ${reads}: ${body.length} bytes, first ${body[0]}, last ${body[body.length - 1]}`);
    }
    await writer;
    expect(torn).toEqual([]);
    expect(reads).toBeGreaterThan(1);
    const info = await store.head(key);
    expect(info?.size).toBe(size);
    expect(whole(await store.getBytes(key), size)).toBe(true);
    // No temporary files are left beside the object.
    const files = await readdir(join(dir, 'data', 'b', 'processed', 'e', 's', 'motioncor'));
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

});
