// The `context` object handed to a handler: status and header setters, succeed/fail that produce one reply.
import { describeError, httpStatusOf } from '../errors.js';
import type { FunctionContext } from './types.js';

/** The reply a context settles on. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** JSON error body used everywhere a handler or the host fails: `{error, type}`. */
export function errorBody(err: unknown): { error: string; type: string } {
  return { error: describeError(err), type: err instanceof Error ? err.name : 'Error' };
}

function encode(value: unknown, headers: Record<string, string>): Buffer {
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    if (!has('content-type')) headers['Content-Type'] = 'application/octet-stream';
    return Buffer.from(value);
  }
  if (typeof value === 'string') {
    if (!has('content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
    return Buffer.from(value, 'utf8');
  }
  if (!has('content-type')) headers['Content-Type'] = 'application/json';
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A context plus a promise of its reply; the first succeed/fail wins, later calls are ignored. */
export function createFunctionContext(signal: AbortSignal = new AbortController().signal): { context: FunctionContext; reply: Promise<Reply>; settled: () => boolean } {
  let status = 200;
  let headers: Record<string, string> = {};
  let done = false;
  let resolve!: (r: Reply) => void;
  const reply = new Promise<Reply>((r) => (resolve = r));
  const settle = (code: number, value: unknown) => {
    if (done) return;
    done = true;
    const h = { ...headers };
    resolve({ status: code, headers: h, body: encode(value, h) });
  };
  const context = {
    signal,
    status(code?: number) {
      if (code === undefined) return status;
      status = code;
      return context;
    },
    headers(values?: Record<string, string>) {
      if (values === undefined) return headers;
      headers = { ...values };
      return context;
    },
    succeed(value?: unknown) {
      settle(status, value);
    },
    fail(err: unknown) {
      settle(status === 200 ? httpStatusOf(err) : status, errorBody(err));
    },
  } as FunctionContext;
  return { context, reply, settled: () => done };
}
