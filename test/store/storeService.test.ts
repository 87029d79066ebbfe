// Tests for the embedded store's event forwarding: MinIO webhook bodies, multipart mapping, retries and durability.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minioEventName } from '../../store/minioEvent.js';
import { startStoreService } from '../../store/storeService.js';
import type { StoreService } from '../../store/storeService.js';
import { parseStoreNotification } from '../../lib/events/notification.js';
import { createLogger } from '../../lib/log.js';
import { createObjectStore } from '../../lib/store/index.js';
import type { ObjectStore } from '../../lib/store/index.js';

const TOKEN = 'hook-token-123456';
const received: { auth: string | undefined; body: Record<string, unknown> }[] = [];
let failNext = 0;
let hook: Server;
let hookUrl = '';
let dir: string;
let service: StoreService;
let store: ObjectStore;
const log = createLogger('store', {}, () => undefined);

async function startService(): Promise<StoreService> {
  return startStoreService({ dataDir: join(dir, 'data'), queueDir: join(dir, 'events'), host: '127.0.0.1', port: 0, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S', buckets: ['cryoem'], webhookRetryMs: 20, log });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-service-'));
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      if (failNext > 0) { failNext--; res.writeHead(503).end(); return; }
      received.push({ auth: req.headers.authorization, body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/events`;
  service = await startService();
  service.connect({ endpoint: hookUrl, authToken: TOKEN });
  store = createObjectStore({ endpoint: service.url, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S', bucket: 'cryoem' });
});

afterAll(async () => {
  await service.stop();
  await new Promise<void>((r) => hook.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

describe('minioEventName', () => {
  it.each([
    ['ObjectCreated:Put', 's3:ObjectCreated:Put'],
    ['ObjectCreated:Post', 's3:ObjectCreated:CompleteMultipartUpload'],
    ['ObjectCreated:Copy', 's3:ObjectCreated:Copy'],
    ['ObjectRemoved:Delete', 's3:ObjectRemoved:Delete'],
  ])('maps s3rver %s to %s', (from, to) => expect(minioEventName(from)).toBe(to));
});

describe('startStoreService', () => {
  it('sends a put as a MinIO webhook with the bearer token, escaped key, ETag and metadata', async () => {
    received.length = 0;
    const key = 'raw/exp 1/s/grid+1/a b.tif';
    const { etag } = await store.put(key, 'movie bytes', { contentType: 'image/tiff', metadata: { operator: 'jdoe' } });
    await service.drained();
    expect(received).toHaveLength(1);
    const { auth, body } = received[0];
    expect(auth).toBe(`Bearer ${TOKEN}`);
    expect(body).toMatchObject({ EventName: 's3:ObjectCreated:Put', Key: `cryoem/${key}` });
    expect(body.Records).toMatchObject([{ eventSource: 'minio:s3', s3: { bucket: { name: 'cryoem', arn: 'arn:aws:s3:::cryoem' }, object: { key: 'raw%2Fexp+1%2Fs%2Fgrid%2B1%2Fa+b.tif', size: 11, eTag: etag, contentType: 'image/tiff', userMetadata: { operator: 'jdoe' } } } }]);
    expect(parseStoreNotification(body)[0]).toMatchObject({ key, etag, eventName: 's3:ObjectCreated:Put' });
  });

  it('reports a multipart upload as CompleteMultipartUpload with the ETag the store returned', async () => {
    received.length = 0;
    const path = join(dir, 'big.bin');
    await writeFile(path, new Uint8Array(11 * 1024 * 1024).fill(7));
    const { etag } = await store.uploadFile(path, 'raw/e/s/big.mrc', { partSizeBytes: 5 * 1024 * 1024 });
    await service.drained();
    expect(received.map((r) => parseStoreNotification(r.body)[0])).toMatchObject([{ eventName: 's3:ObjectCreated:CompleteMultipartUpload', key: 'raw/e/s/big.mrc', etag, size: 11 * 1024 * 1024 }]);
  });

  it('retries until the webhook answers 2xx, keeping the order', async () => {
    received.length = 0;
    failNext = 3;
    await store.put('raw/e/s/1.tif', '1');
    await store.put('raw/e/s/2.tif', '2');
    await store.delete('raw/e/s/1.tif');
    await service.drained();
    expect(failNext).toBe(0);
    expect(received.map((r) => `${r.body.EventName as string} ${r.body.Key as string}`)).toEqual([
      's3:ObjectCreated:Put cryoem/raw/e/s/1.tif', 's3:ObjectCreated:Put cryoem/raw/e/s/2.tif', 's3:ObjectRemoved:Delete cryoem/raw/e/s/1.tif',
    ]);
  });

  it('keeps undelivered events on disk across a restart', async () => {
    received.length = 0;
    service.disconnect();
    await store.put('raw/e/s/while-down.tif', 'x');
    await expect.poll(async () => (await readdir(join(dir, 'events'))).filter((f) => f.endsWith('.json')).length).toBe(1);
    await service.stop();
    service = await startService();
    store = createObjectStore({ endpoint: service.url, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S', bucket: 'cryoem' });
    service.connect({ endpoint: hookUrl, authToken: TOKEN });
    await service.drained();
    expect(received.map((r) => r.body.Key)).toEqual(['cryoem/raw/e/s/while-down.tif']);
  });
});
