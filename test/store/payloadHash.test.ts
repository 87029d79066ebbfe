// A body that differs from the sha256 its signature covers (x-amz-content-sha256) is refused and never stored, both
// where the object writer hashes it in its own pass (PUT, UploadPart) and where a stream checks it (XML bodies).
import { CreateMultipartUploadCommand, DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException, UploadPartCommand } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/protocol-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, startFixture, walk } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

let fx: StoreFixture;

beforeAll(async () => { fx = await startFixture(); });
afterAll(() => fx.close());

const client = (): S3Client => new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET }, requestChecksumCalculation: 'WHEN_REQUIRED' });

/** A client that sends, after signing, `tamper(body)` in place of the body it signed (same length, one byte changed). */
function tamperingClient(): S3Client {
  const s3 = client();
  s3.middlewareStack.add((next) => async (args) => {
    const request = args.request as HttpRequest;
    const body: unknown = request.body;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? Buffer.from(body) : null;
    if (!bytes || bytes.length === 0) throw new Error('test: expected a buffered body to tamper with');
    bytes[bytes.length - 1] ^= 1;
    request.body = bytes;
    return next(args);
  }, { step: 'deserialize', name: 'tamperAfterSigning' });
  return s3;
}

async function refusal(p: Promise<unknown>): Promise<{ status: number | undefined; code: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return { status: err.$metadata.httpStatusCode, code: err.name };
    throw err;
  }
  throw new Error('expected the store to refuse the request');
}

const MISMATCH = { status: 400, code: 'XAmzContentSHA256Mismatch' };

describe('x-amz-content-sha256 is checked against the body', () => {
  it('refuses a tampered PutObject and keeps the previous object whole', async () => {
    const key = 'raw/e/s/sha.tif';
    const original = Buffer.alloc(3 << 20, 7);
    await client().send(new PutObjectCommand({ Bucket: 'cryoem', Key: key, Body: original }));
    const before = await walk(fx.dataDir);
    expect(await refusal(tamperingClient().send(new PutObjectCommand({ Bucket: 'cryoem', Key: key, Body: Buffer.alloc(3 << 20, 9) })))).toEqual(MISMATCH);
    expect(await walk(fx.dataDir)).toEqual(before);
    const got = await client().send(new GetObjectCommand({ Bucket: 'cryoem', Key: key }));
    expect(Buffer.from(await got.Body?.transformToByteArray() ?? []).equals(original)).toBe(true);
  });

  it('refuses a tampered UploadPart and stores no part', async () => {
    const key = 'raw/e/s/sha-multi.tif';
    const { UploadId } = await client().send(new CreateMultipartUploadCommand({ Bucket: 'cryoem', Key: key }));
    const before = await walk(fx.dataDir);
    const part = new UploadPartCommand({ Bucket: 'cryoem', Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(5 << 20, 3) });
    expect(await refusal(tamperingClient().send(part))).toEqual(MISMATCH);
    expect(await walk(fx.dataDir)).toEqual(before);
  });

  it('refuses a tampered XML body (multi-object delete) and deletes nothing', async () => {
    await client().send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/keep.tif', Body: 'kept' }));
    const del = new DeleteObjectsCommand({ Bucket: 'cryoem', Delete: { Objects: [{ Key: 'raw/e/s/keep.tif' }] } });
    expect(await refusal(tamperingClient().send(del))).toEqual(MISMATCH);
    const got = await client().send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/keep.tif' }));
    expect(await got.Body?.transformToString()).toBe('kept');
  });
});
