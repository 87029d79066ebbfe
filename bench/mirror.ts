// Benchmark: mirror upload throughput (settle, sha256, multipart, verified HEAD) vs plain @aws-sdk/lib-storage multipart with the same SDK and store, as a ratio.
// Usage: node --import tsx bench/mirror.ts [--files 20] [--mb 200] [--concurrency 2] [--part-mb 16]
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Upload } from '@aws-sdk/lib-storage';
import { startEmbeddedStore } from '../store/embeddedStore.js';
import { startMirror } from '../lib/mirror/index.js';
import { createObjectStore, createS3Client } from '../lib/store/index.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '20' }, mb: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '2' }, 'part-mb': { type: 'string', default: '16' } } });
const FILES = Number(values.files);
const MB = Number(values.mb);
const CONCURRENCY = Number(values.concurrency);
const PART = Number(values['part-mb']) * 1024 * 1024;

async function writeFiles(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  const block = Buffer.alloc(1024 * 1024);
  for (let f = 0; f < FILES; f++) {
    const name = `movie_${String(f).padStart(5, '0')}.tif`;
    const fh = await open(join(dir, name), 'w');
    for (let m = 0; m < MB; m++) {
      block.fill((f * 31 + m) & 0xff);
      await fh.write(block);
    }
    await fh.close();
    names.push(name);
  }
  return names;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-mirror-'));
  const creds = { accessKeyId: 'BENCH', secretAccessKey: 'benchsecret' };
  const server = await startEmbeddedStore({ dataDir: join(dir, 'store'), port: 0, buckets: ['bench'], ...creds });
  const cfg = { endpoint: server.url, region: 'us-east-1', bucket: 'bench', ...creds };
  const client = createS3Client(cfg);
  try {
    const share = join(dir, 'share');
    const names = await writeFiles(share);
    const totalMb = (FILES * MB * 1024 * 1024) / 1e6;

    // Reference: what `aws s3 cp` does — lib-storage multipart straight from the file, CONCURRENCY files at a time.
    let t0 = performance.now();
    const queue = [...names];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        await new Upload({ client, partSize: PART, queueSize: 4, params: { Bucket: 'bench', Key: `plain/${name}`, Body: createReadStream(join(share, name)) } }).done();
      }
    }));
    const plainS = (performance.now() - t0) / 1000;

    t0 = performance.now();
    const mirror = startMirror(share, client, createObjectStore(cfg, client), { prefix: 'raw/bench/s1/', settleMs: 50, once: true, concurrency: CONCURRENCY, partSizeBytes: PART, progress: null, log: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } } });
    const stats = await mirror.done;
    const mirrorS = (performance.now() - t0) / 1000;
    if (stats.uploaded !== FILES) throw new Error(`mirror uploaded ${stats.uploaded} of ${FILES} files`);

    process.stdout.write(`${FILES} × ${MB} MiB, ${CONCURRENCY} files at a time, ${PART / 1048576} MiB parts, embedded s3rver on loopback\n`);
    process.stdout.write(`plain lib-storage multipart: ${plainS.toFixed(2)} s, ${(totalMb / plainS).toFixed(1)} MB/s\n`);
    process.stdout.write(`cryoem-daq mirror (settle + sha256 + ETag check + HEAD verify): ${mirrorS.toFixed(2)} s, ${(totalMb / mirrorS).toFixed(1)} MB/s\n`);
    process.stdout.write(`throughput ratio mirror/plain: ${(plainS / mirrorS).toFixed(2)}\n`);
  } finally {
    client.destroy();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
