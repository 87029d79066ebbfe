// Tests for the S3 ObjectStore against the embedded s3rver: round trips, metadata, multipart, listing.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../../store/embeddedStore.js';
import type { EmbeddedStore } from '../../../store/embeddedStore.js';
import { createObjectStore } from '../../../lib/store/index.js';
import type { ObjectStore } from '../../../lib/store/index.js';
import { NotFoundError } from '../../../lib/errors.js';

let dir: string;
let server: EmbeddedStore;
let store: ObjectStore;
const creds = { accessKeyId: 'TESTKEY', secretAccessKey: 'testsecret' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-test-'));
  server = await startEmbeddedStore({ dataDir: join(dir, 'data'), port: 0, buckets: ['cryoem'], ...creds });
  store = createObjectStore({ endpoint: server.url, region: 'us-east-1', bucket: 'cryoem', ...creds });
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const md5 = (b: Uint8Array | string): string => createHash('md5').update(b).digest('hex');

describe('createObjectStore', () => {
  it('puts and heads an object with metadata, ETag unquoted', async () => {
    const { etag } = await store.put('raw/e/s/a b+c.txt', 'hello', { contentType: 'text/plain', metadata: { 'input-etag': 'abc' } });
    expect(etag).toBe(md5('hello'));
    const info = await store.head('raw/e/s/a b+c.txt');
    expect(info).toMatchObject({ key: 'raw/e/s/a b+c.txt', size: 5, etag: md5('hello'), metadata: { 'input-etag': 'abc' } });
    expect(new TextDecoder().decode(await store.getBytes('raw/e/s/a b+c.txt'))).toBe('hello');
  });

  it('heads a missing object as null and reads it as NotFoundError', async () => {
    expect(await store.head('nope/missing')).toBeNull();
    await expect(store.getBytes('nope/missing')).rejects.toThrow(NotFoundError);
    await expect(store.getBytes('nope/missing')).rejects.toThrow('object "nope/missing" in bucket "cryoem" does not exist');
  });

  it('uploads a file in several parts and downloads it byte for byte', async () => {
    const bytes = new Uint8Array(12 * 1024 * 1024 + 77).map((_, i) => (i * 31) & 0xff);
    await writeFile(join(dir, 'big.bin'), bytes);
    let progress = 0;
    const { etag } = await store.uploadFile(join(dir, 'big.bin'), 'raw/e/s/big.bin', { partSizeBytes: 5 * 1024 * 1024, onProgress: (n) => { progress = n; } });
    expect(progress).toBe(bytes.length);
    // s3rver concatenates the parts and reports the MD5 of the whole object, not MinIO's "md5-N".
    expect(etag).toBe(md5(bytes));
    const info = await store.downloadToFile('raw/e/s/big.bin', join(dir, 'back.bin'));
    expect(info.size).toBe(bytes.length);
    expect(md5(await readFile(join(dir, 'back.bin')))).toBe(md5(bytes));
  });

  it('uploads a small file in one PUT with exactly its bytes', async () => {
    await writeFile(join(dir, 'small.bin'), 'x'.repeat(1000));
    await store.uploadFile(join(dir, 'small.bin'), 'raw/e/s/small.bin');
    expect((await store.head('raw/e/s/small.bin'))?.size).toBe(1000);
  });

  it('streams an object', async () => {
    const chunks: Buffer[] = [];
    for await (const c of await store.getStream('raw/e/s/small.bin')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('x'.repeat(1000));
  });

  it('lists a prefix across pages in key order and deletes', async () => {
    for (let i = 0; i < 1003; i++) await store.put(`list/${String(i).padStart(4, '0')}`, '');
    const keys: string[] = [];
    for await (const o of store.list('list/')) keys.push(o.key);
    expect(keys.length).toBe(1003);
    expect(keys[1002]).toBe('list/1002');
    await store.delete('list/0000');
    expect(await store.head('list/0000')).toBeNull();
  });

  it('rejects requests signed with another access key id', async () => {
    const other = createObjectStore({ endpoint: server.url, region: 'us-east-1', bucket: 'cryoem', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    await expect(other.put('x', 'y')).rejects.toThrow(/access key id "S3RVER" is not known to this store/);
  });
});
