// A client that hangs up mid-request (a cancelled download, a killed uploader) costs the store that request only:
// the store keeps serving, and nothing is thrown outside the request.
import { request } from 'node:http';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/protocol-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, startFixture } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

let fx: StoreFixture;
let s3: S3Client;
const uncaught: unknown[] = [];
// Per method, a promise for each request the store received that settles when the store closed it.
const closes = new Map<string, Promise<unknown>[]>();
const received = (method: string): Promise<unknown>[] => closes.get(method) ?? [];
const record = (err: unknown): void => { uncaught.push(err); };

beforeAll(async () => {
  process.on('uncaughtException', record);
  fx = await startFixture({ intercept: (req) => { closes.set(req.method ?? '', [...(closes.get(req.method ?? '') ?? []), new Promise((r) => req.once('close', r))]); return false; } });
  s3 = new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
  await s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/big.tif', Body: Buffer.alloc(64 << 20, 7) }));
});
afterAll(async () => {
  s3.destroy();
  await fx.close();
  process.off('uncaughtException', record);
});

describe('client hang-ups', () => {
  it('a signed GET dropped after its first bytes leaves the store serving and throws nothing', async () => {
    const seen = received('GET').length;
    const aborter = new AbortController();
    const res = await s3.send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/big.tif' }), { abortSignal: aborter.signal });
    const reader = (res.Body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(first.done).toBe(false);
    aborter.abort();
    await reader.return?.();
    await received('GET')[seen]; // the store saw the hang-up: the request is closed, and any error it raised has been thrown
    await new Promise((r) => setImmediate(r));
    const again = await s3.send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/big.tif', Range: 'bytes=0-3' }));
    expect(Buffer.from(await again.Body!.transformToByteArray())).toEqual(Buffer.alloc(4, 7));
    expect(uncaught).toEqual([]);
  });

  it('a signed PUT whose uploader dies halfway stores nothing, leaves the store serving and throws nothing', async () => {
    const dying = new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
    // After signing, the request goes out by hand: half of the signed body, then the socket is destroyed, as a killed
    // uploader's would be.
    dying.middlewareStack.add(() => async (args) => {
      const signed = args.request as HttpRequest;
      const bytes = Buffer.from(signed.body as Uint8Array);
      const req = request({ host: signed.hostname, port: signed.port, method: signed.method, path: signed.path, headers: { ...signed.headers, expect: '' } });
      req.on('error', () => {}); // the hang-up is the point
      req.write(bytes.subarray(0, bytes.length >> 1), () => req.destroy());
      await new Promise((r) => req.once('close', r));
      throw new Error('test: uploader killed halfway');
    }, { step: 'deserialize', name: 'dieHalfway' });
    const seen = received('PUT').length;
    await expect(dying.send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/half.tif', Body: Buffer.alloc(8 << 20, 3) }))).rejects.toThrow();
    dying.destroy();
    await received('PUT')[seen];
    await new Promise((r) => setImmediate(r));
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/half.tif' }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(uncaught).toEqual([]);
  });
});
