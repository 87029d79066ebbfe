// Benchmark: PUT and GET throughput of the embedded store with SigV4 verification (store/embeddedStore.ts) against
// plain s3rver on the same data in the same run; prints MB/s for each and the ratio (target: verified ≥ 0.9×).
// Run: node --import tsx bench/store.ts [--full]   (default 20 × 16 MB; --full: 100 × 16 MB, as the issue asks)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client } from '../lib/store/client.js';
import { startEmbeddedStore } from '../store/embeddedStore.js';

const full = process.argv.includes('--full');
const COUNT = full ? 100 : 20;
const SIZE = 16 * 1024 * 1024;
// s3rver's built-in account, so that the plain reference accepts the same signed requests.
const KEY_ID = 'S3RVER';
const SECRET = 'S3RVER';

async function measure(endpoint: string, body: Buffer): Promise<{ put: number; get: number }> {
  const s3 = createS3Client({ endpoint, region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET, bucket: 'bench' });
  const t0 = performance.now();
  for (let i = 0; i < COUNT; i++) await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `raw/e/s/${i}.mrc`, Body: body }));
  const t1 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `raw/e/s/${i}.mrc` }));
    const bytes = await got.Body?.transformToByteArray();
    if (bytes?.length !== SIZE) throw new Error(`object ${i}: read ${bytes?.length ?? 0} bytes, expected ${SIZE}`);
  }
  const t2 = performance.now();
  const mb = (COUNT * SIZE) / 1e6;
  s3.destroy();
  return { put: mb / ((t1 - t0) / 1000), get: mb / ((t2 - t1) / 1000) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-store-'));
  const body = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i += 4) body.writeUInt32LE(i, i);
  try {
    const plain = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 'plain'), configureBuckets: [{ name: 'bench' }] });
    const addr = await plain.run();
    const reference = await measure(`http://127.0.0.1:${addr.port}`, body);
    await plain.close();
    const store = await startEmbeddedStore({ dataDir: join(dir, 'verified'), port: 0, accessKeyId: KEY_ID, secretAccessKey: SECRET, buckets: ['bench'] });
    const verified = await measure(store.url, body);
    await store.stop();
    const line = (name: string, r: { put: number; get: number }) => `${name.padEnd(28)} PUT ${r.put.toFixed(0).padStart(5)} MB/s   GET ${r.get.toFixed(0).padStart(5)} MB/s`;
    process.stdout.write(`store: ${COUNT} × 16 MB objects, AWS SDK v3 (signed sha256 payload over http)\n`);
    process.stdout.write(`${line('plain s3rver (reference)', reference)}\n${line('embedded store (verified)', verified)}\n`);
    process.stdout.write(`ratio verified/plain: PUT ${(verified.put / reference.put).toFixed(2)}  GET ${(verified.get / reference.get).toFixed(2)}  (target ≥ 0.90)\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { process.stderr.write(`${String(err)}\n`); process.exit(1); });
