// One kept-alive connection, reused the way of-watchdog's client reuses its upstream connections.
import http from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { serveHandler, type Handler, type RunningHost } from '../../../lib/host/index.js';
import { createLogger } from '../../../lib/log.js';

const hosts: RunningHost[] = [];
const quiet = createLogger('test', {}, () => {});
let agent: http.Agent;

afterEach(() => agent?.destroy());
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

async function host(handler: Handler, options: { maxJsonBytes?: number; maxDrainBytes?: number; execTimeoutMs?: number } = {}): Promise<string> {
  const h = await serveHandler(handler, { port: 0, logger: quiet, ...options });
  hosts.push(h);
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return h.url;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The client side's port: equal ports mean the same connection. */
  localPort: number;
  reused: boolean;
}

/** Sends `body` on the shared agent: a Buffer with Content-Length, or an array of chunks (chunked encoding). */
function call(url: string, body: Buffer | Buffer[], headers: Record<string, string> = { 'Content-Type': 'application/json' }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: Buffer.isBuffer(body) ? { ...headers, 'Content-Length': String(body.length) } : headers }, (res) => {
      let text = '';
      const localPort = res.socket.localPort ?? 0; // the socket goes back to the agent before 'end'
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as unknown, localPort, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

const echo: Handler = async (event) => ({ got: event.body });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
/** A JSON body of about `bytes` bytes. */
const big = (bytes: number) => json({ pad: 'x'.repeat(bytes) });

describe('a refused body on a kept-alive connection', () => {
  it('is drained: 413, then the next call on the same connection gets 200', async () => {
    const url = await host(echo, { maxJsonBytes: 1024 });
    const refused = await call(url, big(2 * 1024 * 1024));
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ error: 'request body: more than 1024 bytes (limit MAX_JSON_SIZE=1024)', type: 'BodyTooLargeError' });
    const next = await call(url, json({ a: 1 }));
    expect(next).toMatchObject({ status: 200, body: { got: { a: 1 } }, localPort: refused.localPort, reused: true });
  });

  it('is drained when sent chunked (no Content-Length) too', async () => {
    const url = await host(echo, { maxJsonBytes: 1024 });
    const refused = await call(url, Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, 0x20)));
    expect(refused.status).toBe(413);
    const next = await call(url, json([1, 2]));
    expect(next).toMatchObject({ status: 200, body: { got: [1, 2] }, localPort: refused.localPort, reused: true });
  });

  it('beyond the drain bound closes the connection (Connection: close); the next call gets 200 on a new one', async () => {
    const url = await host(echo, { maxJsonBytes: 1024, maxDrainBytes: 64 * 1024 });
    const refused = await call(url, big(256 * 1024));
    expect(refused).toMatchObject({ status: 413, headers: { connection: 'close' } });
    const next = await call(url, json({ b: 2 }));
    expect(next).toMatchObject({ status: 200, body: { got: { b: 2 } }, reused: false });
  });

  it('announced with Expect: 100-continue is refused before it is sent', async () => {
    const url = await host(echo, { maxJsonBytes: 1024 });
    let continued = false;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const body = big(2 * 1024 * 1024);
      const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length), Expect: '100-continue' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as unknown, localPort: 0, reused: false }));
      });
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('error', reject);
    });
    expect(continued).toBe(false);
    expect(answer).toMatchObject({ status: 413, headers: { connection: 'close' }, body: { error: 'request body: more than 1024 bytes (limit MAX_JSON_SIZE=1024)' } });
    expect((await call(url, json({ c: 3 }))).status).toBe(200);
  });
});

describe('reply headers', () => {
  it('carry neither Connection nor Keep-Alive (of-watchdog copies them), and the connection is still reused', async () => {
    const url = await host(echo);
    const first = await call(url, json({ n: 1 }));
    const second = await call(url, json({ n: 2 }));
    for (const a of [first, second]) {
      expect(a.headers.connection).toBeUndefined();
      expect(a.headers['keep-alive']).toBeUndefined();
    }
    expect(second).toMatchObject({ localPort: first.localPort, reused: true });
  });

  it('say Connection: close when the request asked for it (the watchdog forwards its caller\'s header)', async () => {
    const url = await host(echo);
    const closing = await call(url, json({ n: 1 }), { 'Content-Type': 'application/json', Connection: 'close' });
    expect(closing.headers.connection).toBe('close');
    expect(await call(url, json({ n: 2 }))).toMatchObject({ status: 200, reused: false });
  });

  it('after a deadline 504 the connection still carries the next call', async () => {
    let calls = 0;
    const url = await host(async (event, ctx) => (calls++ === 0 ? new Promise((r) => ctx.signal.addEventListener('abort', r)) : { got: event.body }), { execTimeoutMs: 100 });
    const late = await call(url, json({}));
    expect(late.status).toBe(504);
    expect(await call(url, json('ok'))).toMatchObject({ status: 200, body: { got: 'ok' }, localPort: late.localPort, reused: true });
  });
});
