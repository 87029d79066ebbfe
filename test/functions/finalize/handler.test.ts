// Tests for the finalize function through the shared step runner: bucket → archive, idempotency, full disk and conflicts as error records.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinalizeStep } from '../../../functions/finalize/handler.js';
import { ArchiveConfig, openFileSink, parseManifest, pruneRawObjects } from '../../../lib/archive/index.js';
import type { OpenSink } from '../../../lib/archive/index.js';
import { errorKey, resultKey } from '../../../lib/events/pipeline.js';
import { ErrorRecord } from '../../../lib/events/stepRecords.js';
import { runStep } from '../../../lib/steps/index.js';
import { movieObjects } from '../../lib/archive/movieFixture.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir: string;
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'fin-fn-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const fullDisk = (limit: number): OpenSink => async (p) => {
  const real = await openFileSink(p);
  let n = 0;
  return { ...real, async write(c) { if ((n += c.length) > limit) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); await real.write(c); } };
};

async function upload(session: string, movie: string, raw: Uint8Array): Promise<string> {
  const { objects } = movieObjects({ experiment: 'e', session, movie }, raw);
  for (const [k, v] of objects) await fx.store.put(k, v, { metadata: k.startsWith('raw/') ? { sha256: sha(v) } : {} });
  return `processed/e/${session}/picks/${movie}.json`;
}

async function listAll(): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of fx.store.list('')) keys.push(`${o.key} ${o.etag}`);
  return keys;
}

describe('finalize function', () => {
  it('archives a movie from the bucket, then skips the same trigger', async () => {
    const raw = new Uint8Array(70_000).map((_, i) => i & 0xff);
    const key = await upload('s1', 'm1', raw);
    const step = createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }));
    const out = await runStep(step, { bucket: 'cryoem', key, force: false }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
    expect(sha(await readFile(join(dir, 'gpfs/e/s1/raw/m1.tif')))).toBe(sha(raw));
    const rows = parseManifest(await readFile(join(dir, 'gpfs/e/s1/manifest.tsv'), 'utf8'));
    expect(rows.find((r) => r.path === 'raw/m1.tif')?.sha256).toBe(sha(raw));
    const result = JSON.parse(new TextDecoder().decode(await fx.store.getBytes(resultKey('finalize', { experiment: 'e', session: 's1', movie: 'm1' }))));
    expect(result.results.copied).toBe(7);
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(result.software).toEqual({ implementation: 'cpu', version: pkg.version });
    expect((await runStep(step, { bucket: 'cryoem', key, force: false }, fx.store, { log: quiet })).status).toBe('skipped');
    // Retention: finalized just now, so nothing may leave the bucket yet; with age 0 the raw movie may.
    expect((await pruneRawObjects(fx.store, 'raw/e/s1/', { minAgeDays: 1 })).map((d) => [d.deletable, d.reason])).toEqual([[false, 'finalized less than 1 days ago']]);
    expect((await pruneRawObjects(fx.store, 'raw/e/s1/', { minAgeDays: 0, dryRun: true })).map((d) => [d.deletable, d.deleted])).toEqual([[true, false]]);
  });

  it('writes a retryable error record on a full disk; the source and everything else stay', async () => {
    const key = await upload('s2', 'm1', new Uint8Array(50_000).fill(5));
    const before = await listAll();
    const step = createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }), { openSink: fullDisk(20_000) });
    const out = await runStep(step, { bucket: 'cryoem', key, force: false }, fx.store, { log: quiet });
    expect(out.status).toBe('failed');
    const ref = { experiment: 'e', session: 's2', movie: 'm1' };
    const record = ErrorRecord.parse(JSON.parse(new TextDecoder().decode(await fx.store.getBytes(errorKey('finalize', ref)))));
    expect(record.cause).toBe(`archive copy of "raw/e/s2/m1.tif" to "${join(dir, 'gpfs/e/s2/raw/m1.tif')}": ENOSPC: no space left on device, write`);
    expect(record.retryable).toBe(true);
    expect((await listAll()).filter((k) => !k.startsWith('processed/e/s2/errors/'))).toEqual(before);
    expect(await readdir(join(dir, 'gpfs/e/s2/raw'))).toEqual([]);
  });

  it('refuses to overwrite a different archived file: a non-retryable error record', async () => {
    const key = await upload('s3', 'm1', new Uint8Array(1000).fill(1));
    await mkdir(join(dir, 'gpfs/e/s3/raw'), { recursive: true });
    await writeFile(join(dir, 'gpfs/e/s3/raw/m1.tif'), 'someone else');
    const step = createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }));
    await runStep(step, { bucket: 'cryoem', key, force: false }, fx.store, { log: quiet });
    const record = ErrorRecord.parse(JSON.parse(new TextDecoder().decode(await fx.store.getBytes(errorKey('finalize', { experiment: 'e', session: 's3', movie: 'm1' })))));
    expect(record.errorType).toBe('InvalidInputError');
    expect(record.retryable).toBe(false);
    expect(record.cause).toContain('exists with different content');
    expect(await readFile(join(dir, 'gpfs/e/s3/raw/m1.tif'), 'utf8')).toBe('someone else');
    expect(await fx.store.head('raw/e/s3/m1.tif')).not.toBeNull();
  });
});
