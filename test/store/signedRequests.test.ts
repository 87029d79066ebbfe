// SigV4 rules of the embedded store: presigned expiry and scope, clock skew, and aws-chunked uploads checked
// against the worked example of AWS's documentation (seed and chunk signatures published there).
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { GetObjectCommand, PutBucketCorsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, startFixture, walk } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

let fx: StoreFixture;
let clock = new Date();

beforeAll(async () => { fx = await startFixture({ now: () => clock }); });
afterAll(() => fx.close());

const client = (secret = SECRET) => new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: secret }, requestChecksumCalculation: 'WHEN_REQUIRED' });
const presign = (cmd: PutObjectCommand | GetObjectCommand, signedAt: Date, expiresIn: number) => getSignedUrl(client(), cmd, { expiresIn, signingDate: signedAt });

async function send(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method, body });
  return { status: res.status, text: await res.text() };
}

describe('presigned URLs', () => {
  it('a browser\'s CORS preflight of a presigned PUT is answered by the bucket\'s CORS rules, not refused for its signature', async () => {
    clock = new Date();
    await client().send(new PutBucketCorsCommand({ Bucket: 'cryoem', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['http://dashboard.example'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }] } }));
    const url = await presign(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/preflight.tif' }), clock, 600);
    const preflight = (origin: string) => fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } });
    const allowed = await preflight('http://dashboard.example');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    const other = await preflight('http://elsewhere.example');
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('<Code>CORSResponse</Code>');
  });

  it('a presigned PUT works inside its expiry and gets 403 AccessDenied after it', async () => {
    const signedAt = new Date('2026-01-01T10:00:00Z');
    const url = await presign(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/presigned.tif' }), signedAt, 600);
    clock = new Date('2026-01-01T10:09:59Z');
    expect((await send(url, 'PUT', 'inside')).status).toBe(200);
    clock = new Date('2026-01-01T10:10:01Z');
    const late = await send(url, 'PUT', 'after');
    expect(late.status).toBe(403);
    expect(late.text).toContain('<Code>AccessDenied</Code>');
    expect(late.text).toContain('Request has expired');
    clock = new Date();
    const got = await client().send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/presigned.tif' }));
    expect(await got.Body?.transformToString()).toBe('inside');
  });

  it('a presigned GET for key A cannot read key B, nor a tampered query', async () => {
    await client().send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/A.tif', Body: 'a' }));
    await client().send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/B.tif', Body: 'b' }));
    clock = new Date();
    const url = await presign(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/A.tif' }), clock, 60);
    expect(await send(url, 'GET')).toEqual({ status: 200, text: 'a' });
    const other = await send(url.replace('/A.tif', '/B.tif'), 'GET');
    expect(other.status).toBe(403);
    expect(other.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await send(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600'), 'GET')).text).toContain('SignatureDoesNotMatch');
    expect((await send(url, 'PUT', 'overwrite')).text).toContain('SignatureDoesNotMatch');
  });

  it('refuses an expiry over 7 days', async () => {
    const url = (await presign(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/A.tif' }), clock, 60)).replace('X-Amz-Expires=60', 'X-Amz-Expires=604801');
    const res = await send(url, 'GET');
    expect(res.status).toBe(400);
    expect(res.text).toContain('7 days');
  });
});

describe('signed headers', () => {
  it('answers RequestTimeTooSkewed to a request signed 16 minutes away', async () => {
    clock = new Date(Date.now() + 16 * 60 * 1000);
    await expect(client().send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/A.tif' }))).rejects.toMatchObject({ name: 'RequestTimeTooSkewed' });
    clock = new Date();
  });

  it('answers SignatureDoesNotMatch to a wrong secret and AccessDenied to an unsigned request', async () => {
    await expect(client('wrong').send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/A.tif' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    const res = await send(`${fx.store.url}/cryoem/raw/e/s/A.tif`, 'GET');
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>AccessDenied</Code>');
  });
});

// AWS's worked example, "Signature Calculations for the Authorization Header: Transferring Payload in Multiple
// Chunks": 65536 + 1024 bytes of 'a', secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, 2013-05-24.
const EXAMPLE = {
  keyId: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunks: [
    [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
    [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
    [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
  ] as const,
};

function exampleBody(tamper: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const [size, sig] of EXAMPLE.chunks) {
    const data = Buffer.alloc(size, 'a');
    if (tamper && size === 1024) data[10] = 0x62;
    parts.push(Buffer.from(`${size.toString(16)};chunk-signature=${sig}\r\n`), data, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

function putExample(port: number, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/examplebucket/chunkObject.txt', headers: {
      host: 's3.amazonaws.com', 'x-amz-date': '20130524T000000Z', 'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      authorization: `AWS4-HMAC-SHA256 Credential=${EXAMPLE.keyId}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${EXAMPLE.seed}`,
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '66560', 'content-length': String(body.length),
    } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD', () => {
  let example: StoreFixture;
  beforeAll(async () => { example = await startFixture({ accessKeyId: EXAMPLE.keyId, secretAccessKey: EXAMPLE.secret, buckets: ['examplebucket'], now: () => new Date('2013-05-24T00:05:00Z') }); });
  afterAll(() => example.close());

  it('verifies the seed and every chunk signature of AWS\'s example and stores the decoded 66560 bytes', async () => {
    expect(exampleBody(false).length).toBe(66824); // the example's Content-Length
    expect(await putExample(example.store.port, exampleBody(false))).toMatchObject({ status: 200 });
    const files = await walk(example.dataDir);
    const stored = files.find((f) => f.endsWith('chunkObject.txt._S3rver_object')) ?? 'missing';
    expect(await readFile(join(example.dataDir, stored))).toEqual(Buffer.alloc(66560, 'a'));
  });

  it('refuses a body whose second chunk was altered, keeping the earlier object', async () => {
    const before = await walk(example.dataDir);
    const res = await putExample(example.store.port, exampleBody(true));
    expect(res.status).toBe(403);
    expect(res.text).toContain('SignatureDoesNotMatch');
    expect(await walk(example.dataDir)).toEqual(before);
  });
});
