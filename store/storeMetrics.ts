// The embedded store's Prometheus metrics: webhook backlog, deliveries and delivery failures.
import { Counter, Gauge, Registry } from 'prom-client';

/** Where the store serves its metrics: MinIO's own path, so a scrape job written for MinIO works unchanged (and no bucket name clashes). */
export const STORE_METRICS_PATH = '/minio/v2/metrics/cluster';

export interface StoreMetrics {
  registry: Registry;
  delivered(): void;
  deliveryFailed(): void;
}

export function createStoreMetrics(backlog: () => Promise<number>): StoreMetrics {
  const registry = new Registry();
  const registers = [registry];
  const ok = new Counter({ name: 'store_webhook_deliveries_total', help: 'Bucket events delivered to the webhook (the connector).', registers });
  const failed = new Counter({ name: 'store_webhook_delivery_failures_total', help: 'Webhook delivery attempts that failed (each is retried).', registers });
  new Gauge({ name: 'store_webhook_backlog', help: 'Bucket events waiting on disk for webhook delivery.', registers, async collect() { this.set(await backlog()); } });
  return { registry, delivered: () => ok.inc(), deliveryFailed: () => failed.inc() };
}
