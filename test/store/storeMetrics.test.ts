// The embedded store's metrics at MinIO's path: webhook backlog, deliveries and failures; 401 without METRICS_TOKEN.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log.js';
import { createObjectStore } from '../../lib/store/index.js';
import { STORE_METRICS_PATH } from '../../store/storeMetrics.js';
import { startStoreService, type StoreService } from '../../store/storeService.js';
import { parseExposition } from '../support/promText.js';

const SCRAPE = 'store-scrape-token-012345';
let failNext = 2;
let delivered = 0;
let hook: Server;
let dir: string;
let service: StoreService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-metrics-'));
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (failNext > 0) { failNext--; res.writeHead(503).end(); return; }
      delivered++;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  service = await startStoreService({
    dataDir: join(dir, 'data'), queueDir: join(dir, 'events'), host: '127.0.0.1', port: 0, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S',
    buckets: ['cryoem'], webhookRetryMs: 10, log: createLogger('store', {}, () => undefined), metricsToken: SCRAPE,
  });
});

afterAll(async () => {
  await service?.stop();
  await new Promise<void>((r) => hook.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

const scrape = (auth?: string) => fetch(`${service.url}${STORE_METRICS_PATH}`, { headers: auth ? { authorization: auth } : {} });

describe('store metrics', () => {
  it('refuses a caller without the token (401)', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer wrong')).status).toBe(401);
  });

  it('shows the backlog while disconnected, then deliveries and failed attempts exactly', async () => {
    const s3 = createObjectStore({ endpoint: service.url, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S', bucket: 'cryoem' });
    await s3.put('raw/e/s/a.tif', new Uint8Array([1]));
    await s3.put('raw/e/s/b.tif', new Uint8Array([2]));
    await s3.put('raw/e/s/c.tif', new Uint8Array([3]));
    // Events are queued after a HEAD of each object; drained() would wait for delivery, so poll the backlog itself.
    let m = parseExposition(await (await scrape(`Bearer ${SCRAPE}`)).text());
    for (let i = 0; i < 200 && m.value('store_webhook_backlog') !== 3; i++) m = parseExposition(await (await scrape(`Bearer ${SCRAPE}`)).text());
    expect(m.value('store_webhook_backlog')).toBe(3);
    service.connect({ endpoint: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/events`, authToken: 'hook-token-1234' });
    await service.drained();
    m = parseExposition(await (await scrape(`Bearer ${SCRAPE}`)).text());
    expect(delivered).toBe(3);
    expect(m.value('store_webhook_deliveries_total')).toBe(3);
    expect(m.value('store_webhook_delivery_failures_total')).toBe(2);
    expect(m.value('store_webhook_backlog')).toBe(0);
  });
});
