// The function host's /metrics: step durations by step and outcome, behind METRICS_TOKEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetHostMetricsToken } from '../../../lib/host/hostMetrics.js';
import { serveHandler, type RunningHost } from '../../../lib/host/index.js';
import { createLogger } from '../../../lib/log.js';
import type { ObjectInfo, ObjectStore } from '../../../lib/store/index.js';
import { createStepHandler } from '../../../lib/steps/index.js';
import { parseExposition } from '../../support/promText.js';

const TOKEN = 'host-scrape-token-0123456789';
/** Every input is missing: runStep fails each request with 404 without touching S3. */
const emptyStore: ObjectStore = {
  bucket: 'cryoem',
  head: async (): Promise<ObjectInfo | null> => null,
  getBytes: async () => new Uint8Array(0),
  getStream: async () => { throw new Error('unused'); },
  downloadToFile: async () => { throw new Error('unused'); },
  put: async () => ({ etag: '' }),
  uploadFile: async () => ({ etag: '' }),
  delete: async () => undefined,
  list: async function* () { /* nothing */ },
};
const def = { step: 'motioncor' as const, run: async () => { throw new Error('unused'); } };
let host: RunningHost;

beforeAll(async () => {
  process.env.METRICS_TOKEN = TOKEN;
  resetHostMetricsToken();
  const log = createLogger('motioncor', {}, () => undefined);
  host = await serveHandler(createStepHandler(def, { store: emptyStore, log }), { port: 0, logger: log });
});

afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  resetHostMetricsToken();
  await host?.close();
});

describe('function host /metrics', () => {
  it('answers 401 without the bearer token, and does not pass /metrics to the handler', async () => {
    const res = await fetch(`${host.url}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'function host /metrics: missing or wrong bearer token (METRICS_TOKEN)' });
  });

  it('counts one step duration per object run, by outcome', async () => {
    for (const key of ['raw/e/s/a.tif', 'raw/e/s/b.tif']) {
      const res = await fetch(host.url, { method: 'POST', body: JSON.stringify({ bucket: 'cryoem', key }), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(404);
    }
    const res = await fetch(`${host.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const m = parseExposition(await res.text());
    expect(m.types.get('cryoem_step_duration_seconds')).toBe('histogram');
    expect(m.value('cryoem_step_duration_seconds_count', { step: 'motioncor', outcome: 'failed' })).toBe(2);
    expect(m.value('cryoem_step_duration_seconds_count', { step: 'motioncor', outcome: 'done' })).toBeUndefined();
    expect(m.value('cryoem_movies_finalized_total')).toBe(0);
  });
});
