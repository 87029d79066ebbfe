// The connector, standalone: receives the bucket's MinIO-style webhook events at POST /events, matches each key
// against the functions' `topic` annotations read from the gateway, and calls /async-function/<name>; on start and
// at POST /reconcile it lists the bucket and re-emits what is missing. Deploy it next to MinIO:
// `node --import tsx connector/main.ts` with GATEWAY_URL, WEBHOOK_AUTH_TOKEN and S3_* (connector/connectorConfig.ts).
import { loadAlertConfig } from '../lib/alerts/index.js';
import { describeError } from '../lib/errors.js';
import { createLogger } from '../lib/log.js';
import { createObjectStore, loadStoreConfig } from '../lib/store/index.js';
import { loadConnectorConfig } from './connectorConfig.js';
import { startConnector } from './startConnector.js';

const log = createLogger('connector');

async function main(): Promise<void> {
  const settings = loadConnectorConfig(process.env);
  const store = createObjectStore(loadStoreConfig(process.env));
  const connector = await startConnector(settings, store, log, { alerts: loadAlertConfig(process.env) });
  // One line on stdout with the address, for scripts and tests that start it on port 0.
  process.stdout.write(JSON.stringify({ url: connector.url, port: connector.port, pid: process.pid }) + '\n');
  const stop = () => void connector.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  log.error('connector failed to start', { error: describeError(err) });
  process.exit(1);
});
