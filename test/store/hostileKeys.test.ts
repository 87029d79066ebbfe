// Keys are data, never paths: a corpus of hostile keys, buckets and upload ids is refused before s3rver sees it,
// signed or not, and a walk of the folder around the store finds no new file.
import { request } from 'node:http';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, startFixture, walk } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

let fx: StoreFixture;
beforeAll(async () => { fx = await startFixture(); });
afterAll(() => fx.close());

/** Paths sent verbatim on the wire (node does not normalise them). */
const HOSTILE_PATHS = [
  '/cryoem/../escape.txt', '/cryoem/../../escape.txt', '/cryoem/..%2F..%2F..%2Fescape.txt', '/cryoem/raw/..%2f..%2fescape.txt',
  '/cryoem/%2e%2e/%2e%2e/escape.txt', '/cryoem/%2E%2E%2Fescape.txt', '/cryoem/raw/%2e/escape.txt', '/cryoem/raw/./escape.txt',
  '/cryoem/%252e%252e%252fescape.txt', '/cryoem/%252E%252E/escape.txt', '/cryoem/%25252e%25252e/escape.txt', '/cryoem/raw/%255c..%255cescape.txt',
  '/cryoem/%c0%ae%c0%ae/escape.txt', '/cryoem/%c0%ae%c0%ae%c0%afescape.txt', '/cryoem/%e0%80%ae%e0%80%ae/escape.txt', '/cryoem/%c0%2e%c0%2e/escape.txt',
  '/cryoem/..%5cescape.txt', '/cryoem/raw%5c..%5c..%5cescape.txt', '/cryoem/%5c%5cserver%5cshare', '/cryoem/raw/a%00b.txt',
  '/cryoem/raw/%00', '/cryoem/raw/a%0ab.txt', '/cryoem/raw/a%0db.txt', '/cryoem/raw/a%1bb.txt', '/cryoem/raw/a%7fb.txt',
  '/cryoem/raw//double.txt', '/cryoem//escape.txt', '/cryoem/raw/dir/', '/..%2Fescape/x.txt', '/%2e%2e/escape.txt',
  '/cryoem%2f..%2f..%2fescape/x', '/cryoem/raw/%ff%fe.txt', '/cryoem/raw/%c2%85x.txt', '/cryoem/raw/%25%32%65%25%32%65/escape.txt',
];
const HOSTILE_QUERIES = [
  '/cryoem/raw/x.tif?partNumber=1&uploadId=..%2F..%2F..%2Fescape', '/cryoem/raw/x.tif?partNumber=..%2F1&uploadId=0123456789abcdef0123456789abcdef',
  '/cryoem?list-type=2&prefix=..%2F..%2F', '/cryoem?prefix=raw%2F%2e%2e%2F',
];

function put(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: fx.store.port, method: 'PUT', path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end('escaped');
  });
}

describe('hostile names', () => {
  it(`refuses each of ${HOSTILE_PATHS.length + HOSTILE_QUERIES.length} hostile requests with 400 and writes nothing anywhere under the store's parent`, async () => {
    expect(HOSTILE_PATHS.length + HOSTILE_QUERIES.length).toBeGreaterThanOrEqual(30);
    const before = await walk(fx.root);
    for (const path of [...HOSTILE_PATHS, ...HOSTILE_QUERIES]) {
      const res = await put(path, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', authorization: `AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.text).toMatch(/<Code>(InvalidObjectName|InvalidArgument)<\/Code>/);
    }
    expect(await walk(fx.root)).toEqual(before);
  });

  it('refuses a hostile key even when correctly signed by the service key', async () => {
    const s3 = new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
    const before = await walk(fx.root);
    for (const Key of ['raw/../../escape.txt', 'raw/a\\b.txt', '%2e%2e/escape.txt', 'raw/a\u0000.txt']) {
      await expect(s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key, Body: 'x' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    }
    expect(await walk(fx.root)).toEqual(before);
  });

  it('refuses a copy whose source climbs out of the store', async () => {
    const res = await put('/cryoem/raw/copy.txt', { 'x-amz-copy-source': '/cryoem/..%2F..%2F..%2Fetc%2Fpasswd' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('InvalidObjectName');
  });
});
