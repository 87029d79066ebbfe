// The embedded store as a service: s3rver plus MinIO-style webhook delivery of its object events to the connector.
import { stat } from 'node:fs/promises';
import type { S3rverEvent } from 's3rver';
import { describeError } from '../lib/errors.js';
import { bearerMatches, writeMetrics } from '../lib/metrics/index.js';
import type { Logger } from '../lib/log.js';
import { createObjectStore } from '../lib/store/index.js';
import { keyTableLookup } from '../lib/store/keyTableLookup.js';
import type { ObjectInfo, ObjectStore } from '../lib/store/index.js';
import { startEmbeddedStore } from './embeddedStore.js';
import { userKeyAccess } from './userKeyAccess.js';
import { minioEventName, toMinioLog } from './minioEvent.js';
import { createStoreMetrics, STORE_METRICS_PATH } from './storeMetrics.js';
import { createWebhookQueue } from './webhookQueue.js';
import type { WebhookTarget } from './webhookQueue.js';

export interface StoreServiceOptions {
  dataDir: string;
  /** Undelivered webhook events (MinIO's queue_dir). */
  queueDir: string;
  host: string;
  port: number;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Further access keys with policies (`cryoem-daq store key create`); re-read when it changes. */
  keyTableFile?: string;
  buckets: string[];
  /** Wait before re-sending an undelivered event. @default 3000 */
  webhookRetryMs?: number;
  /** Called at once for every object event (before webhook delivery), e.g. to feed the dashboard's live stream. */
  onObjectEvent?: (key: string, eventName: string) => void;
  /** Seconds a booked window is widened by for users' S3 keys. @default ACCESS_GRACE_SECONDS, as the gateway reads it */
  accessGraceSeconds?: number;
  /** The store's clock: signature dates, presigned expiry, booked windows. @default () => new Date() */
  now?: () => Date;
  /** Bearer token for GET /minio/v2/metrics/cluster; unset = metrics refused (the store has no admin login). */
  metricsToken?: string;
  log: Logger;
}

export interface StoreService {
  url: string;
  port: number;
  /** Starts delivering events (queued on disk until then) to the connector's webhook. */
  connect(target: WebhookTarget): void;
  /** Pauses delivery; undelivered events stay on disk. */
  disconnect(): void;
  /** Resolves once every event so far has been delivered. */
  drained(): Promise<void>;
  /** Events waiting on disk for webhook delivery (the operations page's webhook backlog). */
  webhookBacklog(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts s3rver; every object event is HEADed (for ETag, type, metadata) and queued as a MinIO webhook body. */
export async function startStoreService(options: StoreServiceOptions): Promise<StoreService> {
  const { log } = options;
  let backlog = (): Promise<number> => Promise.resolve(0);
  const metrics = createStoreMetrics(() => backlog());
  const queue = await createWebhookQueue({ queueDir: options.queueDir, retryIntervalMs: options.webhookRetryMs, log, observer: metrics });
  backlog = () => queue.pending();
  const stores = new Map<string, ObjectStore>();
  let url = '';
  let chain = Promise.resolve();

  const storeFor = (bucket: string): ObjectStore => {
    let s = stores.get(bucket);
    if (!s) stores.set(bucket, (s = createObjectStore({ endpoint: url, region: options.region, accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, bucket })));
    return s;
  };

  async function forward(event: S3rverEvent): Promise<void> {
    for (const record of event.Records) {
      const created = record.eventName.startsWith('ObjectCreated:');
      let info: ObjectInfo | null = null;
      if (created) info = await storeFor(record.s3.bucket.name).head(record.s3.object.key);
      if (created && !info) continue; // overwritten or deleted since: a later event covers it
      await queue.enqueue(toMinioLog(record, info, { endpoint: url, principalId: options.accessKeyId, region: options.region }));
    }
  }

  const users = userKeyAccess(storeFor, { graceSeconds: options.accessGraceSeconds, now: options.now, log });
  const server = await startEmbeddedStore({
    dataDir: options.dataDir, host: options.host, port: options.port, buckets: options.buckets, now: options.now,
    accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey,
    lookup: options.keyTableFile ? keyTableLookup(options.keyTableFile, { userRights: users.rights }) : undefined,
    audit: users.audit,
    intercept: (req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== STORE_METRICS_PATH) return false;
      if (bearerMatches(req.headers.authorization, options.metricsToken)) writeMetrics(metrics.registry, res).catch(() => res.destroy());
      else res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"store metrics: missing or wrong bearer token (METRICS_TOKEN)"}');
      return true;
    },
    // Serialised so that events are queued in the order s3rver emitted them.
    onEvent: (event) => {
      for (const r of event.Records) options.onObjectEvent?.(r.s3.object.key, minioEventName(r.eventName));
      chain = chain.then(() => forward(event)).catch((err: unknown) => log.error('could not queue store event', { error: describeError(err) }));
    },
  });
  url = server.url;
  log.info('store listening', { url, dataDir: options.dataDir });
  // Objects are written 0600 in 0700 folders; a folder made earlier with a looser mode still exposes them.
  const mode = (await stat(options.dataDir)).mode & 0o777;
  if (mode & 0o077) log.warn('store data folder is readable by group or others; run chmod -R go-rwx on it', { dataDir: options.dataDir, mode: mode.toString(8) });
  return {
    url: server.url,
    port: server.port,
    connect: (target) => queue.connect(target),
    disconnect: () => queue.disconnect(),
    drained: async () => { await chain; await queue.drained(); },
    webhookBacklog: () => queue.pending(),
    async stop() {
      // Events already emitted are forwarded first: forwarding HEADs the object through this very server.
      await chain;
      await server.stop();
      await chain;
      await queue.close();
    },
  };
}
