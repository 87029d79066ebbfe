// Tests for reconciliation over a real (embedded) bucket: which inputs it re-emits and which it leaves alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../connector/gatewayClient.js';
import { reconcile } from '../../connector/reconcile.js';
import { createTopicRouter } from '../../connector/topicRouter.js';
import { startEmbeddedStore } from '../../store/embeddedStore.js';
import type { EmbeddedStore } from '../../store/embeddedStore.js';
import { errorKey, resultKey } from '../../lib/events/pipeline.js';
import { createLogger } from '../../lib/log.js';
import { inputMetadata } from '../../lib/steps/index.js';
import { createObjectStore } from '../../lib/store/index.js';
import type { ObjectStore } from '../../lib/store/index.js';

let dir: string;
let server: EmbeddedStore;
let store: ObjectStore;
const ref = (movie: string) => ({ experiment: 'e', session: 's', movie });
const raw = (movie: string) => `raw/e/s/${movie}.tif`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reconcile-test-'));
  server = await startEmbeddedStore({ dataDir: dir, port: 0, buckets: ['b'], accessKeyId: 'K', secretAccessKey: 'S' });
  store = createObjectStore({ endpoint: server.url, region: 'us-east-1', bucket: 'b', accessKeyId: 'K', secretAccessKey: 'S' });
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('reconcile', () => {
  it('emits pending inputs only: not committed, not recorded as failed for the current ETag', async () => {
    const put = async (movie: string) => (await store.put(raw(movie), `bytes of ${movie}`)).etag;
    await put('new');
    const doneEtag = await put('done');
    const failedEtag = await put('failed');
    await put('stale');
    await put('retry');
    await store.put('raw/e/s/notes.txt', 'x');
    // done: motioncor committed for its ETag; its result is in turn ctffind's pending input.
    await store.put(resultKey('motioncor', ref('done')), '{}', { metadata: inputMetadata(raw('done'), doneEtag) });
    await store.put(errorKey('motioncor', ref('failed')), '{}', { metadata: inputMetadata(raw('failed'), failedEtag) });
    await store.put(resultKey('motioncor', ref('stale')), '{}', { metadata: inputMetadata(raw('stale'), 'old-etag') });
    await store.put(errorKey('motioncor', ref('retry')), '{}', { metadata: inputMetadata(raw('retry'), 'old-etag') });

    const calls: string[] = [];
    const gateway: GatewayClient = {
      listFunctions: async () => [{ name: 'motioncor', annotations: { topic: 'raw/*/*/**/*.{tif,tiff,mrc,eer}' } }],
      invokeAsync: async (name, request) => { calls.push(`${name} ${request.key} ${request.etag}`); return { callId: undefined }; },
    };
    const log = createLogger('test', {}, () => undefined);
    const topics = createTopicRouter(gateway, 60_000, log);
    await topics.refresh();
    topics.stop();
    const summary = await reconcile({ store, topics, gateway, log });

    const etagOf = async (key: string) => (await store.head(key))?.etag;
    expect(calls.sort()).toEqual([
      `motioncor ${raw('new')} ${await etagOf(raw('new'))}`,
      `motioncor ${raw('retry')} ${await etagOf(raw('retry'))}`,
      `motioncor ${raw('stale')} ${await etagOf(raw('stale'))}`,
    ]);
    expect(summary).toMatchObject({ objects: 10, inputs: 7, done: 1, failed: 1, errors: [] });
    expect(summary.unrouted.sort()).toEqual([resultKey('motioncor', ref('done')), resultKey('motioncor', ref('stale'))]);
  });
});
