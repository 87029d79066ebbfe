// /function/:name[/*]: the synchronous proxy; request and response bodies stream through, never buffered.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import type { FunctionManager } from '../functions/startFunctions.js';
import { forwardHeaders, pathBelowFunction } from './forwardHeaders.js';
import { GatewayTimeoutError, ServiceUnavailableError } from './httpErrors.js';
import { functionName } from './system.js';

export interface FunctionProxyDeps {
  functions: FunctionManager;
  upstreamTimeoutMs: number;
  replicaWaitMs: number;
  /** Drop the Authorization header when the gateway itself checked it. */
  stripAuthorization: boolean;
  /** The authenticated user, sent as X-Caller (a client's own X-Caller never passes). Functions key ad-hoc outputs by it. */
  caller?: string;
  /** Told of every answered call (the gateway's metrics). */
  observeCall?: (fn: string, kind: 'sync', status: number | null, seconds: number) => void;
}

function proxy(req: Request, res: Response, base: string, deps: FunctionProxyDeps, callId: string, fnName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const headers = forwardHeaders(req.headers, deps.stripAuthorization ? ['authorization', 'x-caller'] : ['x-caller']);
    if (deps.caller) headers['x-caller'] = deps.caller;
    headers['x-call-id'] = callId;
    headers['x-forwarded-host'] = req.headers.host ?? '';
    const upstream = http.request(base + pathBelowFunction(req.originalUrl), { method: req.method, headers, agent: proxyAgent });
    const timer = setTimeout(
      () => upstream.destroy(new GatewayTimeoutError(`function did not answer within ${deps.upstreamTimeoutMs / 1000} s`)),
      deps.upstreamTimeoutMs,
    );
    upstream.on('response', (ur) => {
      const out = forwardHeaders(ur.headers);
      out['x-call-id'] = callId;
      out['x-duration-seconds'] = ((performance.now() - start) / 1000).toFixed(6);
      res.writeHead(ur.statusCode ?? 502, out);
      deps.observeCall?.(fnName, 'sync', ur.statusCode ?? null, (performance.now() - start) / 1000);
      ur.pipe(res);
      ur.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
      ur.on('error', () => res.destroy());
    });
    upstream.on('error', (err) => {
      clearTimeout(timer);
      if (!res.headersSent) deps.observeCall?.(fnName, 'sync', null, (performance.now() - start) / 1000);
      if (res.headersSent) {
        res.destroy();
        resolve();
      } else reject(err instanceof GatewayTimeoutError ? err : new ServiceUnavailableError(`function unreachable: ${err.message}`, { cause: err }));
    });
    // A client that goes away aborts the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
}

const proxyAgent = new http.Agent({ keepAlive: true });

export function functionProxyRouter(deps: FunctionProxyDeps): Router {
  const router = Router();
  router.all(['/function/:name', '/function/:name/{*rest}'], async (req, res) => {
    const fn = deps.functions.get(functionName(req.params.name as string));
    if (!fn) throw new NotFoundError(`function "${req.params.name as string}" not found in the stack`);
    const base = await fn.waitReady(deps.replicaWaitMs).catch((err: unknown) => {
      throw new ServiceUnavailableError(`function "${fn.name}": no replica ready`, { cause: err });
    });
    fn.invocationCount++;
    await proxy(req, res, base, deps, randomUUID(), fn.name);
  });
  return router;
}
