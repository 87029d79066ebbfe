// The function host's HTTP server: of-watchdog's upstream contract (/_/health, /_/ready, everything else → handler).
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusOf } from '../errors.js';
import type { Logger } from '../log.js';
import { createLogger } from '../log.js';
import { createCallTracker, type DrainReport } from './callTracker.js';
import { errorBody, type Reply } from './functionContext.js';
import { serveHostMetrics } from './hostMetrics.js';
import { invokeHandler, jsonReply } from './invokeHandler.js';
import { bodyKind, BodyTooLargeError, discardBody, readBodyAndBytes, type ReadBodyOptions } from './readBody.js';
import { sendReply } from './sendReply.js';
import type { FunctionEvent, Handler } from './types.js';

export interface CreateHostServerOptions extends ReadBodyOptions {
  /** The host's per-call deadline in ms (hostConfig: exec_timeout − 5 s); 0 disables. @default 5000 */
  execTimeoutMs?: number;
  /** `/_/ready` answers 200 only while this is true (e.g. the warm worker pool is up). @default () => true */
  isReady?: () => boolean;
  /** How long a stop waits for abandoned handlers to finish their cleanup after their 504. @default 2000 */
  settleMs?: number;
  /** @default createLogger("function") */
  logger?: Logger;
}

export interface HostServer {
  server: http.Server;
  /**
   * Stops taking calls (each new one gets 503 with `Connection: close`), waits for those in flight to
   * answer — by their deadline, or `stopAfterMs` when > 0 — then closes the server.
   */
  drain(stopAfterMs?: number): Promise<DrainReport>;
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

const STOPPING = jsonReply(503, { error: 'function host is stopping (SIGTERM); call again, another replica will answer', type: 'ServiceUnavailable' });

/** A HostServer serving `handler`; call `server.listen`. */
export function createHostServer(handler: Handler, options: CreateHostServerOptions = {}): HostServer {
  const log = options.logger ?? createLogger('function');
  const isReady = options.isReady ?? (() => true);
  const deadlineMs = options.execTimeoutMs ?? 5_000;
  const tracker = createCallTracker();
  let draining = false;

  const logReply = (req: IncomingMessage, path: string, reply: Reply, start: number) => {
    const fields = { method: req.method, path, status: reply.status, durationMs: Math.round(performance.now() - start), callId: req.headers['x-call-id'] };
    if (reply.status >= 500) log.warn('request failed', { ...fields, error: reply.body.toString('utf8', 0, 500) });
    else log.debug('request', fields);
  };

  /** Refuses a call on a connection that must stay usable: the body is read and discarded first. */
  const refuse = (req: IncomingMessage, res: ServerResponse, reply: Reply, close: boolean) =>
    void discardBody(req, options.maxDrainBytes).then((drained) => sendReply(res, reply, close || !drained));

  const serveCall = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const start = performance.now();
    let body: unknown;
    let raw: Buffer;
    try {
      ({ body, raw } = await readBodyAndBytes(req, options));
    } catch (err) {
      // A body left unread would be parsed as the next request on this connection: close it then.
      const close = draining || (err instanceof BodyTooLargeError && !err.drained);
      sendReply(res, jsonReply(httpStatusOf(err), errorBody(err)), close);
      return;
    }
    const call = invokeHandler(handler, toEvent(req, body, raw), deadlineMs);
    const replied = call.reply.then((reply) => {
      sendReply(res, reply, draining);
      logReply(req, path, reply, start);
    });
    tracker.add(call, replied.catch(() => undefined));
    await replied;
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/_/health') return sendReply(res, { status: 200, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('OK') });
    if (req.method === 'GET' && path === '/_/ready') {
      const ready = !draining && isReady();
      return sendReply(res, { status: ready ? 200 : 503, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from(ready ? 'OK' : 'not ready') });
    }
    if (serveHostMetrics(req, res)) return;
    if (draining) return refuse(req, res, STOPPING, true);
    serveCall(req, res, path).catch((err: unknown) => {
      log.error('reply failed', errorBody(err));
      res.destroy();
    });
  });

  // Node answers `Expect: 100-continue` by itself unless told otherwise; refuse a declared over-limit
  // body before the client sends it (curl does this for bodies over 1 MB).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const json = bodyKind(req.headers['content-type']) === 'json';
    const limit = json ? (options.maxJsonBytes ?? 102_400) : (options.maxRawBytes ?? 102_400);
    if (draining) return sendReply(res, STOPPING, true);
    if (declared > limit) {
      const err = new BodyTooLargeError(`request body: more than ${limit} bytes (limit ${json ? 'MAX_JSON_SIZE' : 'MAX_RAW_SIZE'}=${limit})`, false);
      return sendReply(res, jsonReply(httpStatusOf(err), errorBody(err)), true);
    }
    res.writeContinue();
    server.emit('request', req, res);
  });

  return {
    server,
    async drain(stopAfterMs = 0) {
      draining = true;
      server.closeIdleConnections(); // nothing to answer on them; a new call opens a connection and gets 503
      const report = await tracker.drain(stopAfterMs, options.settleMs ?? 2_000);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return report;
    },
  };
}
