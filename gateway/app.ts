// The gateway's express app: OpenFaaS routes, basic auth where configured, extra routers, one error handler.
import express, { type ErrorRequestHandler, type Router } from 'express';
import { NotFoundError } from '../lib/errors.js';
import { errorBody } from '../lib/host/functionContext.js';
import type { Logger } from '../lib/log.js';
import { metricsRoute } from '../lib/metrics/index.js';
import { basicAuth, type Credentials } from './auth/basicAuth.js';
import { functionAccess, type FunctionAccessDeps } from './auth/functionAccess.js';
import { principalAuth } from './auth/principalAuth.js';
import type { FunctionManager } from './functions/startFunctions.js';
import type { GatewayMetrics } from './metrics/gatewayMetrics.js';
import type { AsyncQueue } from './queue/asyncQueue.js';
import type { CallJournal } from './queue/callJournal.js';
import type { DeadLetters } from './queue/deadLetters.js';
import { asyncFunctionRouter } from './routes/asyncFunction.js';
import { deadLettersRouter } from './routes/deadLetters.js';
import { traceRouter } from './routes/trace.js';
import { opsSummaryRouter } from './routes/opsSummary.js';
import { functionProxyRouter } from './routes/functionProxy.js';
import { healthzRouter } from './routes/healthz.js';
import { statusOf } from './routes/httpErrors.js';
import { systemRouter } from './routes/system.js';
import { buildOpenApi, type OpenApiContribution } from './openapi.js';

export interface AppDeps {
  functions: FunctionManager;
  queue: AsyncQueue;
  log: Logger;
  /** Basic-auth credentials; undefined turns auth off. */
  credentials?: Credentials;
  /** Users of lib/access: let in on /function, /async-function and the extra routers beside the admin account. */
  users?: FunctionAccessDeps['users'];
  /** Whether auth also guards /function/* and /async-function/*. @default true */
  authFunctions?: boolean;
  upstreamTimeoutMs: number;
  replicaWaitMs: number;
  maxAsyncBodyBytes: number;
  /** Hosts an X-Callback-Url may name besides loopback. @default [] */
  callbackAllow?: readonly string[];
  /** Routers mounted at `path` behind the same auth as /system (e.g. the dashboard at /ui); `front` runs before
   * that auth (a login page, and a session cookie that sets res.locals.principal). */
  extraRouters?: { path: string; router: Router; front?: Router; openapi?: OpenApiContribution }[];
  /** @default the time createApp runs */
  startedAt?: Date;
  /** Served at /metrics behind the /system guard or the scrape token; undefined = no /metrics. */
  metrics?: GatewayMetrics;
  /** Bearer token a Prometheus scraper may use for /metrics instead of the admin credentials (METRICS_TOKEN). */
  metricsToken?: string;
  /** Served at /system/dead-letters (behind the /system guard). */
  deadLetters?: DeadLetters;
  /** Served at /system/trace (behind the /system guard). */
  journal?: CallJournal;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const guard = deps.credentials ? basicAuth(deps.credentials) : undefined;
  // Admin-or-user: the admin account passes exactly as `guard`; users (when configured) too, checked per route.
  const userGuard = deps.credentials ? principalAuth(deps.credentials, deps.users) : undefined;
  const guardFunctions = userGuard && (deps.authFunctions ?? true) ? userGuard : undefined;

  app.use(healthzRouter());
  if (deps.metrics) app.get('/metrics', metricsRoute(deps.metrics.registry, { token: deps.metricsToken, guard }));
  if (guard) app.use('/system', guard);
  let doc: unknown;
  const ops = { metrics: deps.metrics !== undefined, deadLetters: deps.deadLetters !== undefined, trace: deps.journal !== undefined };
  const openapi = () => (doc ??= buildOpenApi((deps.extraRouters ?? []).flatMap((r) => (r.openapi ? [{ path: r.path, openapi: r.openapi }] : [])), ops));
  app.use(systemRouter({ functions: deps.functions, startedAt: deps.startedAt ?? new Date(), openapi }));
  if (deps.deadLetters) app.use(deadLettersRouter(deps.deadLetters));
  if (deps.journal) app.use(traceRouter(deps.journal));
  app.use(opsSummaryRouter({ functions: deps.functions, queue: deps.queue, journal: deps.journal }));
  if (guardFunctions) app.use(['/function', '/async-function'], guardFunctions);
  if (guardFunctions && deps.users) app.use(['/function', '/async-function'], functionAccess({ users: deps.users, maxBodyBytes: deps.maxAsyncBodyBytes }));
  app.use(
    functionProxyRouter({
      functions: deps.functions,
      upstreamTimeoutMs: deps.upstreamTimeoutMs,
      replicaWaitMs: deps.replicaWaitMs,
      stripAuthorization: guardFunctions !== undefined,
      caller: guardFunctions ? deps.credentials?.user : undefined,
      observeCall: deps.metrics?.observeCall,
    }),
  );
  app.use(asyncFunctionRouter({ functions: deps.functions, queue: deps.queue, maxAsyncBodyBytes: deps.maxAsyncBodyBytes, callbackAllow: deps.callbackAllow ?? [], caller: guardFunctions ? deps.credentials?.user : undefined }));
  for (const { path, router, front } of deps.extraRouters ?? []) {
    if (front && userGuard) app.use(path, front);
    if (userGuard) app.use(path, userGuard);
    app.use(path, router);
  }
  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`)));
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = statusOf(err);
    if (status >= 500) deps.log.warn('request failed', { method: req.method, path: req.path, status, ...errorBody(err) });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Unread request bodies would otherwise keep the connection stuck; close it after the answer.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.status(status).json(errorBody(err));
  };
  app.use(onError);
  return app;
}
