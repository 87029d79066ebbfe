// The function host's HTTP server: of-watchdog's upstream contract (/_/health, /_/ready, everything else → handler).
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusOf } from '../errors.js';
import type { Logger } from '../log.js';
import { createLogger } from '../log.js';
import { createFunctionContext, errorBody, type Reply } from './functionContext.js';
import { readBodyAndBytes } from './readBody.js';
import { serveHostMetrics } from './hostMetrics.js';
import type { FunctionEvent, Handler } from './types.js';

export interface CreateHostServerOptions {
  /** Per-request limit in ms; 0 disables. @default 10000 */
  execTimeoutMs?: number;
  /** @default 102400 */
  maxJsonBytes?: number;
  /** @default 102400 */
  maxRawBytes?: number;
  /** @default createLogger("function") */
  logger?: Logger;
}

function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

function toEvent(req: IncomingMessage, body: unknown, rawBody: Buffer): FunctionEvent {
  const url = new URL(req.url ?? '/', 'http://function');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return { body, rawBody, headers: req.headers, method: req.method ?? 'GET', query, path: url.pathname };
}

/** Runs the handler for one request; resolves to the reply (the handler's, an error's, or the timeout's). */
async function invoke(handler: Handler, req: IncomingMessage, options: CreateHostServerOptions): Promise<Reply> {
  let body: unknown;
  let raw: Buffer;
  try {
    ({ body, raw } = await readBodyAndBytes(req, options));
  } catch (err) {
    return jsonReply(httpStatusOf(err), errorBody(err));
  }
  const { context, reply, settled } = createFunctionContext();
  Promise.resolve()
    .then(() => handler(toEvent(req, body, raw), context))
    .then(
      (value) => (settled() ? undefined : context.succeed(value)),
      (err: unknown) => context.fail(err),
    );
  const timeoutMs = options.execTimeoutMs ?? 10_000;
  if (timeoutMs <= 0) return reply;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Reply>((resolve) => {
    timer = setTimeout(
      () => resolve(jsonReply(504, { error: `handler did not answer within exec_timeout ${timeoutMs / 1000} s`, type: 'TimeoutError' })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([reply, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(reply.body);
}

/** An http.Server serving `handler`; call `listen` on it. */
export function createHostServer(handler: Handler, options: CreateHostServerOptions = {}): http.Server {
  const log = options.logger ?? createLogger('function');
  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/_/health' || path === '/_/ready')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
      return;
    }
    if (serveHostMetrics(req, res)) return;
    const start = performance.now();
    invoke(handler, req, options)
      .then((reply) => {
        send(res, reply);
        const fields = { method: req.method, path, status: reply.status, durationMs: Math.round(performance.now() - start), callId: req.headers['x-call-id'] };
        if (reply.status >= 500) log.warn('request failed', { ...fields, error: reply.body.toString('utf8', 0, 500) });
        else log.debug('request', fields);
      })
      .catch((err: unknown) => {
        log.error('reply failed', errorBody(err));
        res.destroy();
      });
  });
}
