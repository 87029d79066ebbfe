// Tests for the connector app: bearer token, malformed bodies, unknown buckets, topic routing, gateway outages.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorApp } from '../../connector/app.js';
import type { CallOrigin, GatewayClient } from '../../connector/gatewayClient.js';
import { createTopicRouter } from '../../connector/topicRouter.js';
import { queryEscape } from '../../lib/events/notification.js';
import type { StepRequest } from '../../lib/events/stepRequest.js';
import { createLogger } from '../../lib/log.js';

const TOKEN = 'test-token-0123456789';
const logLines: string[] = [];
const log = createLogger('connector', {}, (line) => { logLines.push(line); });
const calls: { name: string; request: StepRequest; origin?: CallOrigin }[] = [];
let gatewayUp = true;
const gateway: GatewayClient = {
  listFunctions: async () => [
    { name: 'motioncor', annotations: { topic: 'raw/*/*/**/*.{tif,tiff,mrc,eer}' } },
    { name: 'ctffind', annotations: { topic: 'processed/*/*/motioncor/**/*.json' } },
    { name: 'other', annotations: {} },
  ],
  invokeAsync: async (name, request, origin) => {
    if (!gatewayUp) throw new Error('gateway /async-function/motioncor: connect ECONNREFUSED');
    calls.push({ name, request, origin });
    return { callId: origin?.callId }; // the gateway keeps the id it is sent
  },
};
let server: Server;
let base = '';

beforeAll(async () => {
  const topics = createTopicRouter(gateway, 60_000, log);
  const app = createConnectorApp({ bucket: 'cryoem', authToken: TOKEN, topics, gateway, log, reconcile: async () => ({ objects: 0, inputs: 0, done: 0, failed: 0, emitted: [], unrouted: [], errors: [], seconds: 0 }) });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function minio(bucket: string, key: string, eventName = 's3:ObjectCreated:Put'): string {
  return JSON.stringify({ EventName: eventName, Key: `${bucket}/${key}`, Records: [{ eventVersion: '2.0', eventSource: 'minio:s3', eventName, s3: { bucket: { name: bucket }, object: { key: queryEscape(key), size: 10, eTag: 'abc' } } }] });
}
const post = (body: string, auth: string | null = `Bearer ${TOKEN}`) =>
  fetch(`${base}/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) } });

describe('connector /events', () => {
  it('answers MinIO liveness HEAD', async () => {
    expect((await fetch(`${base}/events`, { method: 'HEAD' })).status).toBe(200);
  });

  it.each([[null], ['Bearer wrong-token-0123456789'], [TOKEN]])('rejects Authorization %j with 401', async (auth) => {
    const res = await post(minio('cryoem', 'raw/e/s/a.tif'), auth);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'connector: missing or wrong bearer token in Authorization' });
  });

  it('rejects malformed JSON with 400 naming the problem', async () => {
    const res = await post('{"Records": [');
    expect(res.status).toBe(400);
    expect((await res.json() as { error: string }).error).toMatch(/^webhook body: malformed JSON \(/);
  });

  it('rejects a body that is not a notification with 400 naming the field', async () => {
    const res = await post('{"EventName": "s3:ObjectCreated:Put"}');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'store notification: Records: Invalid input: expected array, received undefined' });
  });

  it('calls the function whose topic matches, with the decoded key', async () => {
    calls.length = 0;
    const res = await post(minio('cryoem', 'raw/exp 1/s/grid+1.tif'));
    expect(res.status).toBe(200);
    expect(calls.map(({ name, request }) => ({ name, request }))).toEqual([{ name: 'motioncor', request: { bucket: 'cryoem', key: 'raw/exp 1/s/grid+1.tif', etag: 'abc', force: false } }]);
  });

  it('sends each call with its own X-Call-Id and logs that id with the key it forwarded', async () => {
    calls.length = 0;
    const body = { Records: [1, 2].map((n) => ({ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'cryoem' }, object: { key: `raw/e/s/m${n}.tif` } } })) };
    const res = await post(JSON.stringify(body));
    const answer = (await res.json()) as { calls: { function: string; key: string; callId: string }[] };
    const ids = calls.map((c) => c.origin!.callId);
    expect(new Set(ids).size).toBe(2);
    expect(calls.map((c) => c.origin!.source)).toEqual(['connector webhook', 'connector webhook']);
    expect(answer.calls).toEqual([{ function: 'motioncor', key: 'raw/e/s/m1.tif', callId: ids[0] }, { function: 'motioncor', key: 'raw/e/s/m2.tif', callId: ids[1] }]);
    const forwarded = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'forwarded' && String(l.key).startsWith('raw/e/s/m'));
    expect(forwarded.map((l) => [l.key, l.callId])).toEqual([['raw/e/s/m1.tif', ids[0]], ['raw/e/s/m2.tif', ids[1]]]);
  });

  it('takes an AWS-style S3 event too', async () => {
    calls.length = 0;
    const body = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:CompleteMultipartUpload', s3: { bucket: { name: 'cryoem' }, object: { key: 'processed/e/s/motioncor/a.json', eTag: 'x' } } }] };
    expect((await post(JSON.stringify(body))).status).toBe(200);
    expect(calls.map((c) => c.name)).toEqual(['ctffind']);
  });

  it('routes nothing for non-movie keys and deletes', async () => {
    calls.length = 0;
    expect((await post(minio('cryoem', 'raw/e/s/notes.txt'))).status).toBe(200);
    expect((await post(minio('cryoem', 'raw/e/s/a.tif', 's3:ObjectRemoved:Delete'))).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('ignores and logs an event for an unknown bucket', async () => {
    calls.length = 0;
    const res = await post(minio('elsewhere', 'raw/e/s/a.tif'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ calls: [], ignored: 1 });
    expect(calls).toEqual([]);
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'ignored event for unknown bucket');
    expect(line).toMatchObject({ level: 'warn', bucket: 'elsewhere', key: 'raw/e/s/a.tif', served: 'cryoem' });
  });

  it('answers 503 when the gateway refuses, so the store re-sends the event', async () => {
    gatewayUp = false;
    try {
      const res = await post(minio('cryoem', 'raw/e/s/a.tif'));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'gateway /async-function/motioncor: connect ECONNREFUSED' });
    } finally {
      gatewayUp = true;
    }
  });
});
