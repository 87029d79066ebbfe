// Starts the embedded stack in order: store → gateway (functions get S3_*) → connector → store events to the connector.
import { createLogger } from '../lib/log.js';
import type { Logger } from '../lib/log.js';
import { createObjectStore, storeConfigEnv } from '../lib/store/index.js';
import type { ObjectStore, StoreConfig } from '../lib/store/index.js';
import type { StackConfig } from './config.js';
import { startConnector } from '../connector/startConnector.js';
import type { Connector } from '../connector/startConnector.js';
import { ensureCredentials } from './credentials.js';
import type { StackCredentials } from './credentials.js';
import { startGateway } from '../gateway/server.js';
import type { RunningGateway } from '../gateway/server.js';
import { dirname, join } from 'node:path';
import { startStoreService } from '../store/storeService.js';
import { createDashboard } from '../dashboard/server/dashboard.js';
import { createAccess, loadOidcSettings } from '../lib/access/index.js';
import type { Dashboard } from '../dashboard/server/dashboard.js';
import type { StoreService } from '../store/storeService.js';

/** The main process already prints the AWS SDK's Node-version notice once; each function would repeat it. */
const QUIET_CHILDREN = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export interface RunningStack {
  config: StackConfig;
  credentials: StackCredentials;
  storeConfig: StoreConfig;
  store: ObjectStore;
  storeService: StoreService;
  gateway: RunningGateway;
  connector: Connector;
  /** The dashboard served by the gateway at /ui/ (its live event stream is fed by the store). */
  dashboard: Dashboard;
  /** Stops connector, gateway (and its functions), then the store; safe to call twice. */
  stop(): Promise<void>;
}

export async function startStack(config: StackConfig, log: Logger = createLogger('stack')): Promise<RunningStack> {
  const credentials = await ensureCredentials(config.paths.secrets);
  const keyTableFile = join(dirname(config.paths.store), 'store-keys.json');
  let onObjectEvent: (key: string, eventName: string) => void = () => {};
  const storeService = await startStoreService({
    dataDir: config.paths.store, queueDir: config.paths.events, host: config.host, port: config.storePort, region: config.region,
    accessKeyId: credentials.s3AccessKeyId, secretAccessKey: credentials.s3SecretAccessKey, buckets: [config.bucket],
    keyTableFile,
    webhookRetryMs: config.webhookRetryMs, metricsToken: config.gateway.metricsToken, log: createLogger('store'), onObjectEvent: (key, eventName) => onObjectEvent(key, eventName),
  });
  const storeConfig: StoreConfig = { endpoint: storeService.url, region: config.region, accessKeyId: credentials.s3AccessKeyId, secretAccessKey: credentials.s3SecretAccessKey, bucket: config.bucket };
  const stops: (() => Promise<void>)[] = [() => storeService.stop()];
  const stopAll = async () => { while (stops.length) await stops.pop()?.(); };
  try {
    let gatewayUrl = '';
    const store = createObjectStore(storeConfig);
    const access = createAccess(store); // users, experiments, windows: state under _access/ in the bucket
    const dashboard = createDashboard({
      storeConfig, store, access, keyTableFile, oidc: loadOidcSettings(), // OIDC_* variables; undefined when unset
      webhookBacklog: () => storeService.webhookBacklog(),
      gateway: () => ({ url: gatewayUrl, user: credentials.gatewayUser, password: credentials.gatewayPassword }),
    });
    onObjectEvent = dashboard.events.publish;
    const gateway = await startGateway({ ...config.gateway, alerts: config.alerts, users: access, extraRouters: [{ path: '/ui', router: dashboard.router, front: dashboard.front, openapi: dashboard.openapi }], functionEnv: { ...config.gateway.functionEnv, ...config.functionEnv, ...storeConfigEnv(storeConfig), ...QUIET_CHILDREN } }, createLogger('gateway'));
    gatewayUrl = gateway.url;
    // The page's origin is the address the user opens: the gateway's, or its localhost spelling on loopback.
    await dashboard.configureStoreCors([...new Set([gateway.url, gateway.url.replace('//127.0.0.1:', '//localhost:')])]);
    stops.push(() => gateway.stop());
    stops.push(async () => dashboard.close()); // open event streams end before the gateway closes
    const connector = await startConnector({
      host: config.host, port: config.connectorPort, gatewayUrl: gateway.url,
      gatewayAuth: { user: credentials.gatewayUser, password: credentials.gatewayPassword },
      authToken: credentials.webhookToken, topicRefreshMs: config.topicRefreshMs, reconcileOnStart: true, reconcileConcurrency: 8,
    }, store, createLogger('connector'), { alerts: config.alerts });
    stops.push(() => connector.stop());
    storeService.connect({ endpoint: `${connector.url}/events`, authToken: credentials.webhookToken });
    stops.push(async () => storeService.disconnect()); // first to stop: no deliveries to a closing connector
    log.info('stack started', { store: storeService.url, gateway: gateway.url, connector: connector.url, secrets: config.paths.secrets });
    let stopping: Promise<void> | null = null;
    return { config, credentials, storeConfig, store, storeService, gateway, connector, dashboard, stop: () => (stopping ??= stopAll()) };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
