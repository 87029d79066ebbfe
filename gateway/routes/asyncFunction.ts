// POST /async-function/:name[/*]: validates, persists the call in the durable queue, answers 202 with X-Call-Id.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { ConflictError, InvalidInputError, NotFoundError } from '../../lib/errors.js';
import type { FunctionManager } from '../functions/startFunctions.js';
import type { AsyncQueue } from '../queue/asyncQueue.js';
import { QueuedCallSchema, type QueuedCall } from '../queue/queuedCall.js';
import { forwardHeaders, pathBelowFunction } from './forwardHeaders.js';
import { isJsonType, parseJsonBody, readBodyLimited } from './readBodyLimited.js';
import { functionName } from './system.js';

export interface AsyncFunctionDeps {
  functions: FunctionManager;
  queue: AsyncQueue;
  maxAsyncBodyBytes: number;
  /** Hosts a callback may name besides loopback (GATEWAY_CALLBACK_ALLOW). */
  callbackAllow: readonly string[];
  /** The authenticated user, stored as X-Caller (a client's own X-Caller is dropped). */
  caller?: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The callback URL, refused unless it is http(s) to loopback or a host in the allow-list (no SSRF by header). */
export function callbackUrlOf(raw: string | string[] | undefined, what: string, allow: readonly string[]): string | undefined {
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(`${what}: X-Callback-Url "${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidInputError(`${what}: X-Callback-Url "${value}" must be http or https`);
  if (!LOOPBACK.test(url.hostname) && !allow.includes(url.host) && !allow.includes(url.hostname)) {
    throw new InvalidInputError(`${what}: X-Callback-Url host "${url.host}" is not loopback nor in GATEWAY_CALLBACK_ALLOW`);
  }
  return url.href;
}

/** Request headers kept with the call: credentials and the callback are not replayed to the function. */
function storedHeaders(headers: Record<string, string | string[] | undefined>, caller: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(forwardHeaders(headers, ['authorization', 'x-callback-url', 'content-length', 'x-call-id', 'x-caller']))) {
    out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  if (caller) out['x-caller'] = caller;
  return out;
}

/**
 * The call's id: the caller's X-Call-Id when it sent one (OpenFaaS keeps an incoming id, so the connector can log the id
 * before the call exists), else a new UUID. The id names files in the queue, so it must be a plain token and new.
 */
async function callIdOf(raw: string | string[] | undefined, what: string, queue: AsyncQueue): Promise<string> {
  if (raw === undefined) return randomUUID();
  const id = Array.isArray(raw) ? raw[0] : raw;
  if (!QueuedCallSchema.shape.callId.safeParse(id).success) throw new InvalidInputError(`${what}: X-Call-Id "${id.slice(0, 80)}" must be 1-64 letters, digits or "-"`);
  if (await queue.holds(id)) throw new ConflictError(`${what}: X-Call-Id "${id}" is already queued or dead-lettered`);
  return id;
}

export function asyncFunctionRouter(deps: AsyncFunctionDeps): Router {
  const router = Router();
  router.post(['/async-function/:name', '/async-function/:name/{*rest}'], async (req, res) => {
    const name = functionName(req.params.name as string);
    if (!deps.functions.get(name)) throw new NotFoundError(`function "${req.params.name as string}" not found in the stack`);
    const what = `async call to "${name}"`;
    const callbackUrl = callbackUrlOf(req.headers['x-callback-url'], what, deps.callbackAllow);
    const body = await readBodyLimited(req, deps.maxAsyncBodyBytes, what);
    // Reject now what the function would reject later: a JSON body that does not parse.
    if (isJsonType(req.headers['content-type']) && body.length > 0) parseJsonBody(body, what);
    const call: QueuedCall = {
      schemaVersion: 1,
      callId: await callIdOf(req.headers['x-call-id'], what, deps.queue),
      function: name,
      path: pathBelowFunction(req.originalUrl),
      headers: storedHeaders(req.headers, deps.caller),
      callbackUrl,
      enqueuedAt: new Date().toISOString(),
      attempts: 0,
      notBefore: 0,
    };
    await deps.queue.enqueue(call, body);
    res.status(202).setHeader('X-Call-Id', call.callId).end();
  });
  return router;
}
