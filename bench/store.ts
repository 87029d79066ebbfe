// Benchmark: PUT and GET throughput of the embedded store with SigV4 verification (store/embeddedStore.ts) against
// plain s3rver, single-part and multipart (8 MB parts). Both stores run side by side and are measured in alternating
// rounds of one object each (A B, B A, A B, …: PUT on both, then GET on both), each round giving a verified/plain
// ratio; the median ratio is reported, so that load from other processes on the machine weighs on both sides alike.
// Target: every ratio ≥ 0.90.
// Run: node --import tsx bench/store.ts [--full]   (default 20 × 16 MB objects per kind and store; --full: 100)
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client } from '../lib/store/client.js';
import { startEmbeddedStore } from '../store/embeddedStore.js';
import { median } from './support/median.js';
import { timeGet, timePut } from './support/storeRound.js';
import type { OpTime, UploadKind } from './support/storeRound.js';

const full = process.argv.includes('--full');
const COUNT = full ? 100 : 20;
const SIZE = 16 * 1024 * 1024;
const BUCKET = 'bench';
// s3rver's built-in account, so that the plain reference accepts the same signed requests.
const KEY_ID = 'S3RVER';
const SECRET = 'S3RVER';
const KINDS: UploadKind[] = ['single', 'multipart'];

/** One round's times (one object). */
interface Timing { put: OpTime; get: OpTime }
interface Side { name: 'plain' | 'verified'; s3: S3Client; rounds: Record<UploadKind, Timing[]> }

function commit(): string {
  const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function side(name: Side['name'], endpoint: string): Side {
  const s3 = createS3Client({ endpoint, region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET, bucket: BUCKET });
  return { name, s3, rounds: { single: [], multipart: [] } };
}

function report(plain: Side, verified: Side): string {
  const mbs = (ts: OpTime[]): string => `${(SIZE / 1e3 / median(ts.map((t) => t.ms))).toFixed(0).padStart(5)} MB/s`;
  const cpu = (ts: OpTime[]): string => `${median(ts.map((t) => t.cpuMs)).toFixed(0).padStart(4)} ms CPU`;
  const lines: string[] = [];
  for (const kind of KINDS) {
    const p = plain.rounds[kind];
    const v = verified.rounds[kind];
    // Throughput ratio plain time / verified time per round; the CPU ratio likewise (less sensitive to load).
    const ratio = (op: 'put' | 'get', of: keyof OpTime): string => {
      const rs = v.map((r, i) => p[i][op][of] / r[op][of]);
      return `${median(rs).toFixed(2)} (rounds ${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})`;
    };
    const row = (name: string, ts: Timing[]): string =>
      `${name.padEnd(18)} PUT ${mbs(ts.map((t) => t.put))} ${cpu(ts.map((t) => t.put))}   GET ${mbs(ts.map((t) => t.get))} ${cpu(ts.map((t) => t.get))}`;
    lines.push(row(`${kind} plain`, p), row(`${kind} verified`, v));
    lines.push(`  ratio verified/plain, median of rounds: PUT ${ratio('put', 'ms')}  GET ${ratio('get', 'ms')}`);
    lines.push(`  CPU-time ratio plain/verified:          PUT ${ratio('put', 'cpuMs')}  GET ${ratio('get', 'cpuMs')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-store-'));
  const body = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i += 4) body.writeUInt32LE(i, i);
  const plainServer = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 'plain'), configureBuckets: [{ name: BUCKET }] });
  const addr = await plainServer.run();
  const store = await startEmbeddedStore({ dataDir: join(dir, 'verified'), port: 0, accessKeyId: KEY_ID, secretAccessKey: SECRET, buckets: [BUCKET] });
  const plain = side('plain', `http://127.0.0.1:${addr.port}`);
  const verified = side('verified', store.url);
  try {
    const load = loadavg()[0];
    for (let r = 0; r < COUNT; r++) {
      const order = r % 2 === 0 ? [verified, plain] : [plain, verified];
      for (const kind of KINDS) {
        // Keys are reused every 4 rounds: overwrites as well as new names, and a bounded amount of disk.
        const key = `raw/e/s/${kind}-${r % 4}.mrc`;
        const puts: OpTime[] = [];
        for (const s of order) puts.push(await timePut(s.s3, BUCKET, key, body, kind));
        const gets: OpTime[] = [];
        for (const s of order) gets.push(await timeGet(s.s3, BUCKET, key, SIZE));
        order.forEach((s, i) => s.rounds[kind].push({ put: puts[i], get: gets[i] }));
      }
    }
    process.stdout.write(`store bench: commit ${commit()}; node ${process.version}; load average ${load.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end\n`);
    process.stdout.write(`${COUNT} × 16 MB objects per kind and store in alternating rounds; AWS SDK v3, signed sha256 payload over http; MB/s = median round\n`);
    process.stdout.write(`${report(plain, verified)}\n(target: every ratio ≥ 0.90)\n`);
  } finally {
    plain.s3.destroy();
    verified.s3.destroy();
    await store.stop();
    await plainServer.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { process.stderr.write(`${String(err)}\n`); process.exit(1); });
