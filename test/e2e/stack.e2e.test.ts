// End to end on the embedded stack (store, gateway with its function processes, connector): uploads to results.
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { errorKey, resultKey, STEPS } from '../../lib/events/pipeline.js';
import { ErrorRecord } from '../../lib/events/stepRecords.js';
import { createS3Client } from '../../lib/store/index.js';
import { mrcMovie } from './helpers/movies.js';
import { expectCompleteOutputs, expectNoStrayOutputs } from './helpers/outputs.js';
import { waitFor } from './helpers/waitFor.js';

let dir: string;
let stack: RunningStack;
let s3: S3Client;
const ref = (movie: string) => ({ experiment: 'e2e', session: 's1', movie });
const rawKey = (movie: string) => `raw/e2e/s1/${movie}.mrc`;
const finished = (movie: string) => waitFor(() => stack.store.head(resultKey('finalize', ref(movie))), `finalize result of ${movie}`, 50_000);
const invocations = () => Object.fromEntries(STEPS.map((s) => [s, stack.gateway.functions.get(s)?.invocationCount ?? 0]));
const idle = () => STEPS.every((s) => { const d = stack.gateway.queue.depth(s); return d.queued === 0 && d.inflight === 0; });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'e2e-stack-'));
  const config = loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200', GATEWAY_RETRY_MIN_WAIT: '100ms' }, ['--no-demo']);
  stack = await startStack(config);
  s3 = createS3Client(stack.storeConfig);
  await stack.connector.started;
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('embedded stack', () => {
  it('processes a movie uploaded with one PutObject through every step, recording the input ETag', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key: rawKey('single'), Body: mrcMovie(256, 8, 1) }));
    await finished('single');
    await expectCompleteOutputs(stack.store, ref('single'), rawKey('single'), STEPS);
    await expectNoStrayOutputs(stack.store, ref('single'), STEPS);
    expect((await stack.store.head(resultKey('motioncor', ref('single'))))?.metadata['input-etag']).toBe(put.ETag?.replace(/"/g, ''));
  });

  it('processes a 60 MB movie uploaded in parts with lib-storage', async () => {
    const path = join(dir, 'big.mrc');
    const bytes = mrcMovie(1024, 30, 2);
    expect(bytes.length).toBeGreaterThan(60_000_000);
    await writeFile(path, bytes);
    const upload = new Upload({ client: s3, params: { Bucket: 'cryoem', Key: rawKey('big'), Body: createReadStream(path) }, partSize: 8 * 1024 * 1024 });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (p) => { if (p.part !== undefined) parts.push(p.part); });
    const done = await upload.done();
    expect(new Set(parts).size).toBeGreaterThan(1);
    await finished('big');
    await expectCompleteOutputs(stack.store, ref('big'), rawKey('big'), STEPS);
    expect((await stack.store.head(resultKey('motioncor', ref('big'))))?.metadata['input-etag']).toBe(done.ETag?.replace(/"/g, ''));
  });

  it('does no work for the same bytes uploaded again', async () => {
    const before = await stack.store.head(resultKey('motioncor', ref('single')));
    const calls = invocations();
    await s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key: rawKey('single'), Body: mrcMovie(256, 8, 1) }));
    await stack.storeService.drained();
    await waitFor(async () => invocations().motioncor > calls.motioncor && idle(), 'motioncor to be called and finish');
    const after = await stack.store.head(resultKey('motioncor', ref('single')));
    expect(after?.etag).toBe(before?.etag);
    expect(after?.lastModified).toEqual(before?.lastModified);
    await stack.storeService.drained();
    expect(invocations()).toEqual({ ...calls, motioncor: calls.motioncor + 1 });
  });

  it('triggers nothing for keys that are not movies', async () => {
    const calls = invocations();
    await stack.store.put('raw/e2e/s1/notes.txt', 'grid 3 looked thin');
    await stack.store.put('raw/e2e/s1/gain_ref.dm4', 'not a movie');
    await stack.store.put('uploads/x.tif', 'outside raw/');
    await stack.storeService.drained();
    expect(invocations()).toEqual(calls);
  });

  it('ends a corrupt movie as an error record while the movies after it finish', async () => {
    await stack.store.put(rawKey('corrupt'), 'this is not an MRC file at all, just text padded out to more than a header'.repeat(20));
    await stack.store.put(rawKey('after1'), mrcMovie(256, 8, 3));
    await stack.store.put(rawKey('after2'), mrcMovie(256, 8, 4));
    const record = await waitFor(() => stack.store.head(errorKey('motioncor', ref('corrupt'))), 'error record of the corrupt movie');
    expect(record.metadata['input-etag']).toBe((await stack.store.head(rawKey('corrupt')))?.etag);
    const body = ErrorRecord.parse(JSON.parse(new TextDecoder().decode(await stack.store.getBytes(errorKey('motioncor', ref('corrupt'))))));
    expect(body).toMatchObject({ step: 'motioncor', retryable: false, errorType: 'InvalidInputError', input: { key: rawKey('corrupt') } });
    expect(body.cause).toMatch(/corrupt\.mrc|movie/);
    await finished('after1');
    await finished('after2');
    await expectCompleteOutputs(stack.store, ref('after2'), rawKey('after2'), STEPS);
    expect(await stack.store.head(resultKey('motioncor', ref('corrupt')))).toBeNull();
  });
});
