// The host's deadline through the step runner: the caller gets the JSON 504 and nothing is written after it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from '../../../store/embeddedStore.js';
import { serveHandler, type Handler, type RunningHost } from '../../../lib/host/index.js';
import { createLogger } from '../../../lib/log.js';
import { createStepHandler, type StepDefinition } from '../../../lib/steps/index.js';
import { createObjectStore, type ObjectStore } from '../../../lib/store/index.js';

let dir: string;
let server: EmbeddedStore;
let store: ObjectStore;
let host: RunningHost;
const quiet = createLogger('test', {}, () => {});
const MOVIE = 'raw/e/s/m1.tif';

/** A motioncor stand-in that is still computing at the deadline and returns its files only after it. */
const lateStep: StepDefinition<{ n: number }> = {
  step: 'motioncor',
  async run(ctx) {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    return { files: [{ suffix: '.mrc', body: 'late', contentType: 'application/octet-stream' }], result: { n: 1 }, software: { implementation: 'test', version: '1' }, parameters: {} };
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deadline-test-'));
  server = await startEmbeddedStore({ dataDir: dir, port: 0, buckets: ['b'], accessKeyId: 'K', secretAccessKey: 'S' });
  store = createObjectStore({ endpoint: server.url, region: 'us-east-1', bucket: 'b', accessKeyId: 'K', secretAccessKey: 'S' });
});

afterAll(async () => {
  await host?.close();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list(prefix)) out.push(o.key);
  return out;
}

describe('a step call past the host deadline', () => {
  it('answers 504 TimeoutError JSON and writes no outputs, result JSON or error record', async () => {
    await store.put(MOVIE, 'movie');
    const step = createStepHandler(lateStep, { store, log: quiet });
    const runs: Promise<unknown>[] = [];
    const handler: Handler = (event, context) => {
      const run = step(event, context);
      runs.push(run);
      return run;
    };
    host = await serveHandler(handler, { port: 0, logger: quiet, execTimeoutMs: 200 });
    const res = await fetch(host.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bucket: 'b', key: MOVIE }) });
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ error: "handler did not answer within the host's deadline of 0.2 s; it was told to stop", type: 'TimeoutError' });
    await Promise.all(runs); // the runner has returned: whatever it was going to write is written
    expect(await keys('processed/')).toEqual([]);
  });
});
