// Tests for the idempotent step runner against the embedded store: commit, skip, force, errors, cleanup.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../../store/embeddedStore.js';
import type { EmbeddedStore } from '../../../store/embeddedStore.js';
import { errorKey, outputKey, resultKey } from '../../../lib/events/pipeline.js';
import { ErrorRecord } from '../../../lib/events/stepRecords.js';
import { InvalidInputError } from '../../../lib/errors.js';
import { createObjectStore } from '../../../lib/store/index.js';
import type { ObjectStore } from '../../../lib/store/index.js';
import { runStep } from '../../../lib/steps/index.js';
import type { StepDefinition } from '../../../lib/steps/index.js';

let dir: string;
let server: EmbeddedStore;
let store: ObjectStore;
const ref = { experiment: 'e', session: 's', movie: 'm1' };
const MOVIE = 'raw/e/s/m1.tif';

/** A motioncor stand-in that counts its runs and can be told to fail. */
function fakeStep(behaviour: { runs: number; fail?: Error; suffixes?: string[] }): StepDefinition<{ n: number }> {
  return {
    step: 'motioncor',
    async run(ctx) {
      behaviour.runs++;
      if (behaviour.fail) throw behaviour.fail;
      const files = (behaviour.suffixes ?? ['.mrc', '.png']).map((suffix) => ({ suffix, body: `${suffix} of ${ctx.input.etag}`, contentType: 'application/octet-stream' }));
      return { files, result: { n: behaviour.runs }, software: { implementation: 'test', version: '1' }, parameters: { pixelSizeA: ctx.params.pixelSizeA } };
    },
  };
}

const readJson = async (key: string): Promise<unknown> => JSON.parse(new TextDecoder().decode(await store.getBytes(key)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steps-test-'));
  server = await startEmbeddedStore({ dataDir: dir, port: 0, buckets: ['b'], accessKeyId: 'K', secretAccessKey: 'S' });
  store = createObjectStore({ endpoint: server.url, region: 'us-east-1', bucket: 'b', accessKeyId: 'K', secretAccessKey: 'S' });
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('runStep', () => {
  it('runs, tags every output with the input ETag and commits the result JSON; a repeat is skipped', async () => {
    const { etag } = await store.put(MOVIE, 'movie v1');
    await store.put('params/e/s/session.json', JSON.stringify({ pixelSizeA: 0.83 }));
    const b = { runs: 0 };
    const first = await runStep(fakeStep(b), { bucket: 'b', key: MOVIE, force: false }, store);
    expect(first).toMatchObject({ status: 'done', httpStatus: 200, inputEtag: etag, resultKey: resultKey('motioncor', ref) });
    const mrc = await store.head(outputKey('motioncor', ref, '.mrc'));
    expect(mrc?.metadata).toEqual({ 'input-etag': etag, 'input-key': encodeURIComponent(MOVIE) });
    expect(await readJson(resultKey('motioncor', ref))).toMatchObject({
      schemaVersion: 1, step: 'motioncor', input: { bucket: 'b', key: MOVIE, etag }, parameters: { pixelSizeA: 0.83 },
      outputs: [outputKey('motioncor', ref, '.mrc'), outputKey('motioncor', ref, '.png')], results: { n: 1 },
    });
    const again = await runStep(fakeStep(b), { bucket: 'b', key: MOVIE, force: false }, store);
    expect(again.status).toBe('skipped');
    expect(b.runs).toBe(1);
    const forced = await runStep(fakeStep(b), { bucket: 'b', key: MOVIE, force: true }, store);
    expect(forced.status).toBe('done');
    expect(b.runs).toBe(2);
  });

  it('recomputes when the input changed, and request overrides win over session.json', async () => {
    const { etag } = await store.put(MOVIE, 'movie v2');
    const b = { runs: 0 };
    const out = await runStep(fakeStep(b), { bucket: 'b', key: MOVIE, force: false, params: { pixelSizeA: 1.5 } }, store);
    expect(out.status).toBe('done');
    expect(await readJson(resultKey('motioncor', ref))).toMatchObject({ input: { etag }, parameters: { pixelSizeA: 1.5 } });
  });

  it('records an invalid input as a non-retryable error with a 400, writing no outputs', async () => {
    const key = 'raw/e/s/bad.tif';
    const { etag } = await store.put(key, 'garbage');
    const bad = { experiment: 'e', session: 's', movie: 'bad' };
    const out = await runStep(fakeStep({ runs: 0, fail: new InvalidInputError('movie "bad.tif": not a TIFF (magic 0x6761)') }), { bucket: 'b', key, force: false }, store);
    expect(out).toMatchObject({ status: 'failed', httpStatus: 400, errorKey: errorKey('motioncor', bad), error: 'movie "bad.tif": not a TIFF (magic 0x6761)' });
    const record = ErrorRecord.parse(await readJson(errorKey('motioncor', bad)));
    expect(record).toMatchObject({ step: 'motioncor', input: { bucket: 'b', key, etag }, cause: 'movie "bad.tif": not a TIFF (magic 0x6761)', errorType: 'InvalidInputError', retryable: false });
    expect(await store.head(resultKey('motioncor', bad))).toBeNull();
    expect(await store.head(outputKey('motioncor', bad, '.mrc'))).toBeNull();
  });

  it('deletes the stale error record once the step succeeds', async () => {
    const key = 'raw/e/s/bad.tif';
    const bad = { experiment: 'e', session: 's', movie: 'bad' };
    expect(await store.head(errorKey('motioncor', bad))).not.toBeNull();
    expect((await runStep(fakeStep({ runs: 0 }), { bucket: 'b', key, force: false }, store)).status).toBe('done');
    expect(await store.head(errorKey('motioncor', bad))).toBeNull();
  });

  it('cleans up the outputs already written when a later write fails, and answers 5xx', async () => {
    const key = 'raw/e/s/flaky.tif';
    await store.put(key, 'movie');
    const flaky = { experiment: 'e', session: 's', movie: 'flaky' };
    const failing: ObjectStore = { ...store, bucket: store.bucket, put: async (k, body, o) => {
      if (k.endsWith('.png')) throw new Error('connection reset while writing');
      return store.put(k, body, o);
    } };
    const out = await runStep(fakeStep({ runs: 0 }), { bucket: 'b', key, force: false }, failing);
    expect(out).toMatchObject({ status: 'failed', httpStatus: 500, error: 'connection reset while writing' });
    expect(await store.head(outputKey('motioncor', flaky, '.mrc'))).toBeNull();
    expect(ErrorRecord.parse(await readJson(errorKey('motioncor', flaky))).retryable).toBe(true);
  });

  it('rejects an output suffix outside the pipeline table', async () => {
    const key = 'raw/e/s/odd.tif';
    await store.put(key, 'movie');
    const out = await runStep(fakeStep({ runs: 0, suffixes: ['.tiff'] }), { bucket: 'b', key, force: false }, store);
    expect(out.error).toBe('step motioncor: output suffix ".tiff" is not one of .mrc, _noDW.mrc, .png, _drift.png');
  });

  it.each([
    [{ bucket: 'b', key: 'processed/e/s/motioncor/m1.json', force: false }, 400, 'key "processed/e/s/motioncor/m1.json": not an input of step motioncor (it takes its pipeline trigger or any movie (.tif, .tiff, .mrc, .eer))'],
    [{ bucket: 'other', key: MOVIE, force: false }, 400, 'bucket "other": this function serves bucket "b"'],
    [{ bucket: 'b', key: 'raw/e/s/gone.tif', force: false }, 404, 'input "raw/e/s/gone.tif" does not exist (deleted after the event?)'],
  ])('refuses %j without an error record', async (request, status, message) => {
    const out = await runStep(fakeStep({ runs: 0 }), request, store);
    expect(out).toMatchObject({ status: 'failed', httpStatus: status, error: message });
    expect(out.errorKey).toBeUndefined();
  });

  it('rejects invalid session parameters, naming the field', async () => {
    const key = 'raw/e2/s/m.mrc';
    await store.put(key, 'movie');
    await store.put('params/e2/s/session.json', JSON.stringify({ pixelSizeA: -1 }));
    const out = await runStep(fakeStep({ runs: 0 }), { bucket: 'b', key, force: false }, store);
    expect(out).toMatchObject({ httpStatus: 400 });
    expect(out.error).toMatch(/^session parameters "params\/e2\/s\/session.json" with request overrides: pixelSizeA: /);
  });
});
