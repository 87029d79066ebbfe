// The connector's /metrics: guarded by the webhook token or METRICS_TOKEN; gateway calls and reconcile runs counted exactly.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorApp } from '../../connector/app.js';
import { createConnectorMetrics } from '../../connector/connectorMetrics.js';
import type { GatewayClient } from '../../connector/gatewayClient.js';
import { createTopicRouter } from '../../connector/topicRouter.js';
import { createLogger } from '../../lib/log.js';
import { parseExposition } from '../support/promText.js';

const TOKEN = 'hook-token-0123456789';
const SCRAPE = 'scrape-token-0123456789abc';
const log = createLogger('connector', {}, () => undefined);
let refuse = false;
const raw: GatewayClient = {
  listFunctions: async () => [{ name: 'motioncor', annotations: { topic: 'raw/*/*/**/*.tif' } }],
  invokeAsync: async () => { if (refuse) throw new Error('gateway answered 503'); return { callId: 'c1' }; },
};
const metrics = createConnectorMetrics();
const gateway = metrics.counting(raw);
const reconcile = metrics.timedReconcile(async () => ({
  objects: 2, inputs: 2, done: 0, failed: 0, emitted: [{ function: 'motioncor', key: 'raw/e/s/a.tif' }, { function: 'motioncor', key: 'raw/e/s/b.tif' }], unrouted: [], errors: [], seconds: 0.25,
}));
let server: Server;
let base = '';

beforeAll(async () => {
  const app = createConnectorApp({ bucket: 'cryoem', authToken: TOKEN, topics: createTopicRouter(gateway, 60_000, log), gateway, log, reconcile, metrics: metrics.registry, metricsToken: SCRAPE });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const event = (key: string) => JSON.stringify({ EventName: 's3:ObjectCreated:Put', Key: `cryoem/${key}`, Records: [{ eventVersion: '2.0', eventSource: 'minio:s3', eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'cryoem' }, object: { key, size: 1, eTag: 'e' } } }] });
const postEvent = (key: string) => fetch(`${base}/events`, { method: 'POST', body: event(key), headers: { authorization: `Bearer ${TOKEN}` } });

describe('connector /metrics', () => {
  it('refuses a caller without a token (401)', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('counts the calls and reconcile runs made', async () => {
    expect((await postEvent('raw/e/s/a.tif')).status).toBe(200);
    expect((await postEvent('raw/e/s/b.tif')).status).toBe(200);
    refuse = true;
    expect((await postEvent('raw/e/s/c.tif')).status).toBe(503);
    refuse = false;
    expect((await fetch(`${base}/reconcile`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    for (const auth of [`Bearer ${TOKEN}`, `Bearer ${SCRAPE}`]) {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: auth } });
      expect(res.status).toBe(200);
      const m = parseExposition(await res.text());
      expect(m.value('connector_gateway_calls_total', { function_name: 'motioncor', result: 'accepted' })).toBe(2);
      expect(m.value('connector_gateway_calls_total', { function_name: 'motioncor', result: 'refused' })).toBe(1);
      expect(m.value('connector_reconcile_runs_total', { result: 'ok' })).toBe(1);
      expect(m.value('connector_reconcile_emitted_calls_total')).toBe(2);
      expect(m.value('connector_reconcile_last_duration_seconds')).toBe(0.25);
    }
  });
});
