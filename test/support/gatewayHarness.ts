// A gateway app (createApp) over fake functions with a real durable queue in a temporary folder, listening on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type AppDeps } from '../../gateway/app.js';
import { createGatewayMetrics, type GatewayMetrics } from '../../gateway/metrics/gatewayMetrics.js';
import { createAsyncQueue, type AsyncQueue, type AsyncQueueOptions } from '../../gateway/queue/asyncQueue.js';
import { createCallJournal } from '../../gateway/queue/callJournal.js';
import { createDeadLetters } from '../../gateway/queue/deadLetters.js';
import { createQueueStore, type QueueStore } from '../../gateway/queue/queueStore.js';
import { createLogger } from '../../lib/log.js';
import { startFakeFunctions, type FakeFunction, type FakeFunctions } from './fakeFunctions.js';

export const ADMIN = { user: 'admin', password: 'harness-password' };
export const SCRAPE_TOKEN = 'scrape-token-0123456789abcdef';

export interface GatewayHarness {
  url: string;
  dir: string;
  fakes: FakeFunctions;
  queue: AsyncQueue;
  store: QueueStore;
  metrics: GatewayMetrics;
  /** Basic-auth header of the admin. */
  admin: Record<string, string>;
  close(): Promise<void>;
}

export async function startGatewayHarness(fns: FakeFunction[], extra: Partial<AppDeps> = {}, queueExtra: Partial<AsyncQueueOptions> = {}): Promise<GatewayHarness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-harness-'));
  const log = createLogger('gateway', {}, () => undefined);
  const fakes = await startFakeFunctions(fns);
  const store = createQueueStore(path.join(dir, 'state'), log);
  let q: AsyncQueue | undefined;
  const metrics = createGatewayMetrics({ functions: fakes.manager, depth: (n) => q!.depth(n), deadLetterCount: () => store.countDeadLetters() });
  const journal = createCallJournal(path.join(dir, 'state'));
  const queue = (q = createAsyncQueue({
    store, functions: fakes.manager, log, observer: metrics, journal,
    retryAttempts: 4, retryMinWaitMs: 1, retryMaxWaitMs: 5, retryCodes: [503], upstreamTimeoutMs: 10_000, replicaWaitMs: 1000, ...queueExtra,
  }));
  await queue.start();
  const app = createApp({
    functions: fakes.manager, queue, log, credentials: ADMIN, upstreamTimeoutMs: 10_000, replicaWaitMs: 1000,
    maxAsyncBodyBytes: 1 << 20, metrics, metricsToken: SCRAPE_TOKEN, deadLetters: createDeadLetters(store, queue, path.join(dir, 'state')), journal, ...extra,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` };
  return {
    url, dir, fakes, queue, store, metrics, admin,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.stop();
      await fakes.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
