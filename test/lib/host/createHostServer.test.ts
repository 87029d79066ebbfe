import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError, TimeoutError, ToolFailedError } from '../../../lib/errors.js';
import { serveHandler, type FunctionEvent, type Handler, type RunningHost } from '../../../lib/host/index.js';
import { createLogger } from '../../../lib/log.js';

const hosts: RunningHost[] = [];
const quiet = createLogger('test', {}, () => {});

async function host(handler: Handler, options: { execTimeoutMs?: number; maxJsonBytes?: number; maxRawBytes?: number } = {}): Promise<string> {
  const h = await serveHandler(handler, { port: 0, logger: quiet, ...options });
  hosts.push(h);
  return h.url;
}

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

describe('function host', () => {
  it('answers /_/health and /_/ready without calling the handler', async () => {
    let calls = 0;
    const url = await host(async () => void calls++);
    expect((await fetch(`${url}/_/health`)).status).toBe(200);
    expect((await fetch(`${url}/_/ready`)).status).toBe(200);
    expect(calls).toBe(0);
  });

  it.each([
    ['application/json', '{"a":[1,2]}', { a: [1, 2] }],
    ['text/plain', 'hello', 'hello'],
    [undefined, 'no type', 'no type'],
    ['application/x-www-form-urlencoded', 'a=1&b=x', { a: '1', b: 'x' }],
  ])('decodes a %s body as the node template does', async (type, body, expected) => {
    let seen: FunctionEvent | undefined;
    const url = await host(async (event) => {
      seen = event;
      return 'ok';
    });
    await fetch(`${url}/sub?x=1&y=2&y=3`, { method: 'PUT', headers: type ? { 'Content-Type': type } : {}, body });
    expect(seen!.body).toEqual(expected);
    expect(seen!).toMatchObject({ method: 'PUT', path: '/sub', query: { x: '1', y: ['2', '3'] } });
  });

  it('hands a binary body over as a Buffer', async () => {
    let seen: unknown;
    const url = await host(async (event) => void (seen = event.body));
    await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 7]) });
    expect(Buffer.isBuffer(seen) && [...seen]).toEqual([0, 255, 7]);
  });

  it('sends a returned object as JSON (auto-succeed)', async () => {
    const url = await host(async () => ({ ok: true }));
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('uses status and headers set on the context', async () => {
    const url = await host(async (_e, ctx) => ctx.status(201).headers({ 'X-Step': 'pick' }).succeed('made'));
    const res = await fetch(url);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-step')).toBe('pick');
    expect(await res.text()).toBe('made');
  });

  it.each([
    [new InvalidInputError('movie "a.tif": not a TIFF'), 400, 'InvalidInputError'],
    [new ToolFailedError('MotionCor2 exited with 1'), 502, 'ToolFailedError'],
    [new Error('boom', { cause: new Error('disk full') }), 500, 'Error'],
  ])('maps a thrown %s to HTTP %i with {error, type}', async (err, status, type) => {
    const url = await host(async () => {
      throw err;
    });
    const res = await fetch(url);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: err.cause ? 'boom: disk full' : err.message, type });
  });

  it('maps context.fail() the same way', async () => {
    const url = await host(async (_e, ctx) => ctx.fail(new InvalidInputError('bad key')));
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad key', type: 'InvalidInputError' });
  });

  it('answers 504 JSON at its deadline and aborts the handler\'s signal with the same error', async () => {
    let reason: unknown;
    const url = await host((_e, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve((reason = ctx.signal.reason)))), { execTimeoutMs: 100 });
    const res = await fetch(url);
    expect(res.status).toBe(504);
    const message = "handler did not answer within the host's deadline of 0.1 s; it was told to stop";
    expect(await res.json()).toEqual({ error: message, type: 'TimeoutError' });
    expect(reason).toBeInstanceOf(TimeoutError);
    expect((reason as Error).message).toBe(message);
  });

  it('rejects invalid JSON with 400 and over-limit bodies with 413, naming the problem and the limit', async () => {
    const url = await host(async () => 'never', { maxJsonBytes: 10 });
    const bad = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^request body: invalid JSON with content-type application\/json: /);
    const big = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":"0123456789"}' });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('request body: more than 10 bytes (limit MAX_JSON_SIZE=10)');
  });
});
