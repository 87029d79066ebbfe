import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { DeadLetterSchema } from '../../gateway/queue/queuedCall.js';
import { loadStack } from '../../lib/stack/index.js';
import { startCallbackReceiver, type CallbackReceiver } from '../fixtures/functions/callbackReceiver.js';
import { writeFixtureStack } from '../fixtures/functions/fixtureStack.js';

let dir: string;
let gw: RunningGateway;
let cb: CallbackReceiver;
let recordFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-test-'));
  recordFile = path.join(dir, 'record.jsonl');
  writeFileSync(recordFile, '');
  const stackPath = writeFixtureStack(dir, ['echo', 'flaky', 'failing', 'slow']);
  cb = await startCallbackReceiver();
  gw = await startGateway({
    stackPath,
    stateDir: path.join(dir, 'state'),
    port: 0,
    retryAttempts: 4,
    retryMinWaitMs: 20,
    retryMaxWaitMs: 100,
    functionEnv: { FIXTURE_EXTRA: 'from-gateway', RECORD_FILE: recordFile, LOG_LEVEL: 'error' },
  });
});

afterAll(async () => {
  await gw?.stop();
  await cb?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function asyncCall(name: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${gw.url}/async-function/${name}`, { method: 'POST', headers: { 'X-Callback-Url': cb.url, ...headers }, body });
  expect(res.status).toBe(202);
  const id = res.headers.get('x-call-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id!;
}

/** Streams `size` bytes of a pattern up to the gateway and hashes what comes back, without holding either in a string. */
function streamThrough(url: string, size: number): Promise<{ status: number; sent: string; got: string; gotBytes: number }> {
  return new Promise((resolve, reject) => {
    const sent = createHash('sha256');
    const got = createHash('sha256');
    let gotBytes = 0;
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': size } }, (res) => {
      res.on('data', (c: Buffer) => {
        got.update(c);
        gotBytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sent: sent.digest('hex'), got: got.digest('hex'), gotBytes }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
    let left = size;
    const pump = () => {
      while (left > 0) {
        const part = chunk.subarray(0, Math.min(chunk.length, left));
        left -= part.length;
        sent.update(part);
        if (!req.write(part)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('gateway (fixture stack)', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('proxies a sync call with path, query, JSON body, X-Call-Id and the function environment', async () => {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/function/echo/sub/path?x=1&x=2`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    const elapsedS = (performance.now() - t0) / 1000;
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ method: 'POST', path: '/sub/path', query: { x: ['1', '2'] }, body: { a: 1 }, greeting: 'hello', extra: 'from-gateway' });
    expect(body.callId).toBe(res.headers.get('x-call-id'));
    // The gateway's own measure lies inside the client's: above zero, never longer than the round trip.
    expect(Number(res.headers.get('x-duration-seconds'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('x-duration-seconds'))).toBeLessThanOrEqual(elapsedS);
  });

  it('round-robins sync calls over the replicas of com.openfaas.scale.min', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 4; i++) pids.add(((await (await fetch(`${gw.url}/function/echo`)).json()) as { pid: number }).pid);
    expect(pids.size).toBe(2);
  });

  it('streams a 64 MB body up and back intact', async () => {
    const size = 64 * 1024 * 1024;
    const r = await streamThrough(`${gw.url}/function/echo`, size);
    expect(r.status).toBe(200);
    expect(r.gotBytes).toBe(size);
    expect(r.got).toBe(r.sent);
  });

  it('runs an async call and POSTs the result to X-Callback-Url with the OpenFaaS headers', async () => {
    const t0 = performance.now();
    const id = await asyncCall('echo', '{"movie":"a.tif"}', { 'Content-Type': 'application/json' });
    const c = await cb.waitFor((x) => x.headers['x-call-id'] === id);
    const elapsedS = (performance.now() - t0) / 1000;
    expect(c.headers['x-function-status']).toBe('200');
    expect(c.headers['x-function-name']).toBe('echo');
    expect(Number(c.headers['x-duration-seconds'])).toBeGreaterThan(0);
    expect(Number(c.headers['x-duration-seconds'])).toBeLessThanOrEqual(elapsedS);
    expect(c.headers['content-type']).toBe('application/json');
    expect(JSON.parse(c.body)).toMatchObject({ body: { movie: 'a.tif' }, callId: id, method: 'POST' });
  });

  it('accepts a 5 MB async body and hands it to the function intact', async () => {
    const body = 'a'.repeat(5 * 1024 * 1024);
    const id = await asyncCall('echo', body, { 'Content-Type': 'application/octet-stream' });
    const c = await cb.waitFor((x) => x.headers['x-call-id'] === id);
    expect(c.headers['x-function-status']).toBe('200');
    expect(c.body.length).toBe(body.length);
    expect(c.body === body).toBe(true);
  });

  it('retries a function that answers 503 twice, then delivers its 200', async () => {
    const id = await asyncCall('flaky', 'x');
    const c = await cb.waitFor((x) => x.headers['x-call-id'] === id);
    expect(c.headers['x-function-status']).toBe('200');
    expect(c.headers['x-retry']).toBe('2');
    expect(JSON.parse(c.body)).toEqual({ attempts: 3, body: 'x' });
    expect((await gw.queue.depth('flaky')).queued).toBe(0);
  });

  it('dead-letters a call that keeps failing with 503 after the configured attempts, naming the cause', async () => {
    const id = await asyncCall('failing', 'movie-bytes');
    const c = await cb.waitFor((x) => x.headers['x-call-id'] === id);
    expect(c.headers['x-function-status']).toBe('503');
    const rec = DeadLetterSchema.parse(JSON.parse(readFileSync(path.join(dir, 'state', 'dead-letter', `${id}.json`), 'utf8')));
    expect(rec).toMatchObject({ function: 'failing', status: 503, attempts: 3, requestBody: 'movie-bytes', responseBody: 'object store unavailable' });
    expect(rec.cause).toBe('function "failing" answered 503: object store unavailable (attempt 3 of 3)');
  });

  it('dead-letters a non-retryable 400 after one attempt', async () => {
    const res = await fetch(`${gw.url}/async-function/failing?status=400`, { method: 'POST', headers: { 'X-Callback-Url': cb.url }, body: '' });
    const id = res.headers.get('x-call-id')!;
    const c = await cb.waitFor((x) => x.headers['x-call-id'] === id);
    expect(c.headers['x-function-status']).toBe('400');
    const rec = DeadLetterSchema.parse(JSON.parse(readFileSync(path.join(dir, 'state', 'dead-letter', `${id}.json`), 'utf8')));
    expect(rec.attempts).toBe(1);
    expect(rec.cause).toContain('answered 400: {"error":"movie \\"a.tif\\": not a TIFF","type":"InvalidInputError"}');
  });

  it('never runs more async calls of a function at once than its max_inflight label', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => asyncCall('slow', JSON.stringify({ id: `m${i}`, ms: 150 }), { 'Content-Type': 'application/json' })));
    await Promise.all(ids.map((id) => cb.waitFor((x) => x.headers['x-call-id'] === id)));
    // Lines are appended in the order the events happened (O_APPEND), across both replicas.
    const lines = readFileSync(recordFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; pid: number });
    let now = 0;
    let peak = 0;
    for (const l of lines) {
      now += l.event === 'start' ? 1 : -1;
      peak = Math.max(peak, now);
    }
    expect(lines.length).toBe(16);
    expect(peak).toBe(2);
    expect(new Set(lines.map((l) => l.pid)).size).toBe(2);
  });

  // After the max_inflight test: slow's record lines would change the count that test expects.
  it('reports as a call\'s duration at least the time the function slept, at most the round trip', async () => {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/function/slow`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":"d1","ms":300}' });
    const syncElapsedS = (performance.now() - t0) / 1000;
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-duration-seconds'))).toBeGreaterThanOrEqual(0.3);
    expect(Number(res.headers.get('x-duration-seconds'))).toBeLessThanOrEqual(syncElapsedS);

    const t1 = performance.now();
    const id = await asyncCall('slow', '{"id":"d2","ms":300}', { 'Content-Type': 'application/json' });
    const c = await cb.waitFor((x) => x.headers['x-call-id'] === id);
    const asyncElapsedS = (performance.now() - t1) / 1000;
    expect(c.headers['x-function-status']).toBe('200');
    expect(Number(c.headers['x-duration-seconds'])).toBeGreaterThanOrEqual(0.3);
    expect(Number(c.headers['x-duration-seconds'])).toBeLessThanOrEqual(asyncElapsedS);
  });

  it.each([
    ['GET', '/function/nope'],
    ['POST', '/async-function/nope'],
    ['GET', '/system/function/nope'],
  ])('%s %s → 404 naming the function', async (method, url) => {
    const res = await fetch(gw.url + url, { method });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'function "nope" not found in the stack', type: 'NotFoundError' });
  });

  it.each([
    ['/async-function/echo', { 'Content-Type': 'application/json' }, '{"movie": ', /^async call to "echo": body is not valid JSON \(content-type application\/json\): /],
    ['/async-function/echo', { 'X-Callback-Url': 'not a url' }, 'x', /^async call to "echo": X-Callback-Url "not a url" is not an absolute URL$/],
    ['/system/scale-function/echo', { 'Content-Type': 'application/json' }, '{replicas:2}', /^scale request for "echo": body is not valid JSON/],
    ['/system/scale-function/echo', { 'Content-Type': 'application/json' }, '{"replicas":"two"}', /^scale request for "echo": replicas: /],
  ])('POST %s with a malformed body → 400 naming the problem (%#)', async (url, headers, body, message) => {
    const res = await fetch(gw.url + url, { method: 'POST', headers, body });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; type: string };
    expect(json.type).toBe('InvalidInputError');
    expect(json.error).toMatch(message);
  });

  it('lists the functions of the stack file in /system/functions, as OpenFaaS names the fields', async () => {
    const stack = await loadStack(gw.settings.stackPath);
    const list = (await (await fetch(`${gw.url}/system/functions`)).json()) as Record<string, unknown>[];
    expect(list.map((f) => f.name)).toEqual(Object.keys(stack.functions));
    for (const f of list) {
      const def = stack.functions[f.name as string];
      expect(f).toMatchObject({ image: def.image, labels: def.labels, annotations: def.annotations, envVars: def.environment });
      expect(f.replicas).toBe(Number(def.labels['com.openfaas.scale.min'] ?? 1));
      expect(f.availableReplicas).toBe(f.replicas);
      expect(f.envProcess).toContain('lib/host/main.ts');
      expect(typeof f.invocationCount).toBe('number');
    }
    expect(JSON.stringify(list)).not.toContain('from-gateway');
    const one = (await (await fetch(`${gw.url}/system/function/echo`)).json()) as { invocationCount: number };
    expect(one.invocationCount).toBeGreaterThanOrEqual(6);
  });
});
