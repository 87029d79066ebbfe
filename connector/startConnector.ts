// Starts the connector: HTTP app, topic table from the gateway, and a reconciliation pass once topics are known.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlerts, notifyTargets, type AlertSettings } from '../lib/alerts/index.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import type { ObjectStore } from '../lib/store/index.js';
import { createConnectorApp } from './app.js';
import { createConnectorMetrics } from './connectorMetrics.js';
import { createCurationAlerts } from './curationAlerts.js';
import type { ConnectorSettings } from './connectorConfig.js';
import { createGatewayClient } from './gatewayClient.js';
import { reconcile } from './reconcile.js';
import type { ReconcileSummary } from './reconcile.js';
import { createTopicRouter } from './topicRouter.js';

export interface Connector {
  url: string;
  port: number;
  /** Resolves after the first topic load and (if enabled) the start-up reconciliation. */
  started: Promise<void>;
  reconcile(): Promise<ReconcileSummary>;
  stop(): Promise<void>;
}

/** With alert settings, the connector raises the curation alert (K rejected exposures in a row in a live session). */
export async function startConnector(settings: ConnectorSettings, store: ObjectStore, log: Logger, options: { alerts?: AlertSettings } = {}): Promise<Connector> {
  const metrics = createConnectorMetrics();
  const gateway = metrics.counting(createGatewayClient({ url: settings.gatewayUrl, auth: settings.gatewayAuth }));
  const topics = createTopicRouter(gateway, settings.topicRefreshMs, log);
  let inFlight: Promise<ReconcileSummary> | null = null;
  const onePass = metrics.timedReconcile(async () => {
    if (!topics.ready()) await topics.refresh();
    return reconcile({ store, topics, gateway, log, concurrency: settings.reconcileConcurrency });
  });
  const runReconcile = (): Promise<ReconcileSummary> => {
    inFlight ??= onePass().finally(() => { inFlight = null; });
    return inFlight;
  };
  const a = options.alerts;
  const curation = a && createCurationAlerts({ store, rejectedInARow: a.rejectedInARow, log: log.child({ part: 'alerts' }), alerts: createAlerts({ notify: notifyTargets(a, log), minIntervalMs: a.minIntervalMs, log }) });
  const app = createConnectorApp({
    bucket: store.bucket, authToken: settings.authToken, topics, gateway, reconcile: runReconcile, log, metrics: metrics.registry, metricsToken: settings.metricsToken,
    onObjectCreated: curation?.onObjectCreated,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(settings.port, settings.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${settings.host}:${port}`;
  log.info('connector listening', { url, gateway: settings.gatewayUrl, bucket: store.bucket });
  let stopped = false;

  // Until the gateway answers, events get 503 (the store retries them); poll it, then reconcile.
  const started = (async () => {
    for (let wait = 200; !stopped; wait = Math.min(wait * 2, 5000)) {
      try {
        await topics.refresh();
        break;
      } catch (err) {
        log.warn('gateway not reachable yet', { error: describeError(err), retryMs: wait });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    if (settings.reconcileOnStart && !stopped) await runReconcile();
  })().catch((err: unknown) => log.error('start-up reconciliation failed', { error: describeError(err) }));

  return {
    url, port, started, reconcile: runReconcile,
    async stop() {
      stopped = true;
      topics.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
