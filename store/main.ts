// The embedded S3 store, standalone: s3rver on a data folder, with atomic object writes, and each object event
// delivered as a MinIO webhook from a durable on-disk queue (retried like MinIO's queue_dir). The default store of a
// small facility. Starts with `node --import tsx store/main.ts` and STORE_*, S3_*, WEBHOOK_* variables
// (store/storeServiceConfig.ts); SIGTERM stops it.
import { describeError } from '../lib/errors.js';
import { createLogger } from '../lib/log.js';
import { loadMetricsToken } from '../lib/metrics/index.js';
import { loadStoreServiceConfig } from './storeServiceConfig.js';
import { startStoreService } from './storeService.js';

const log = createLogger('store');

async function main(): Promise<void> {
  // Whatever the caller's umask: s3rver's own files (bucket folders, upload bookkeeping) stay private too.
  process.umask(0o077);
  const s = loadStoreServiceConfig(process.env);
  const service = await startStoreService({ ...s, buckets: [s.bucket], log, metricsToken: loadMetricsToken(process.env) });
  if (s.webhookEndpoint && s.webhookAuthToken) service.connect({ endpoint: s.webhookEndpoint, authToken: s.webhookAuthToken });
  process.stdout.write(JSON.stringify({ url: service.url, port: service.port, pid: process.pid }) + '\n');
  const stop = () => void service.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  log.error('store failed to start', { error: describeError(err) });
  process.exit(1);
});
