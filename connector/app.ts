// The connector's HTTP app: webhook intake, reconciliation on demand, health.
import express from 'express';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../lib/log.js';
import { metricsRoute } from '../lib/metrics/index.js';
import type { GatewayClient } from './gatewayClient.js';
import type { ReconcileSummary } from './reconcile.js';
import { eventsRouter } from './routes/events.js';
import { requireBearer } from './routes/auth.js';
import { reconcileRouter } from './routes/reconcile.js';
import type { TopicRouter } from './topicRouter.js';

export interface ConnectorDeps {
  bucket: string;
  authToken: string;
  topics: TopicRouter;
  gateway: GatewayClient;
  reconcile: () => Promise<ReconcileSummary>;
  log: Logger;
  /** Served at /metrics to holders of the webhook token or of `metricsToken`. */
  metrics?: Registry;
  metricsToken?: string;
  /** Told of every created object of the bucket (the curation alert). */
  onObjectCreated?: (key: string) => void;
}

export function createConnectorApp(deps: ConnectorDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => { res.status(deps.topics.ready() ? 200 : 503).json({ topicsLoaded: deps.topics.ready() }); });
  if (deps.metrics) app.get('/metrics', metricsRoute(deps.metrics, { token: deps.metricsToken, guard: requireBearer(deps.authToken) }));
  app.use(eventsRouter(deps));
  app.use(reconcileRouter(deps.authToken, deps.reconcile));
  return app;
}
