// startGateway(): loads the stack, starts the functions and the durable async queue, serves the app; stop() ends it all.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { createLogger, type Logger } from '../lib/log.js';
import { loadStack, type LoadedStack } from '../lib/stack/index.js';
import { createApp } from './app.js';
import { loadCredentials } from './auth/basicAuth.js';
import { resolveGatewaySettings, type GatewayOptions, type GatewaySettings } from './config.js';
import { startFunctions, type FunctionManager } from './functions/startFunctions.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gatewayMetrics.js';
import { startAlerts } from './alerts/startAlerts.js';
import { createAsyncQueue, type AsyncQueue } from './queue/asyncQueue.js';
import { createCallJournal } from './queue/callJournal.js';
import { createDeadLetters } from './queue/deadLetters.js';
import { createQueueStore } from './queue/queueStore.js';

export type { GatewayOptions, GatewaySettings } from './config.js';

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** The started functions (names, replicas with their host URLs, invocation counts). */
  functions: FunctionManager;
  stack: LoadedStack;
  queue: AsyncQueue;
  settings: GatewaySettings;
  metrics: GatewayMetrics;
  /** Stops serving, stops the queue (unfinished calls stay on disk) and terminates every function process. */
  stop(): Promise<void>;
}

async function listen(server: http.Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startGateway(options: GatewayOptions, log: Logger = createLogger('gateway')): Promise<RunningGateway> {
  const { extraRouters, users, alerts: alertSettings, ...rest } = options;
  const settings = resolveGatewaySettings(rest);
  const stack = await loadStack(settings.stackPath);
  const credentials = settings.authDir ? await loadCredentials(settings.authDir) : undefined;
  const functions = await startFunctions(stack, { functionEnv: settings.functionEnv, log });
  let server: http.Server | undefined;
  let queue: AsyncQueue | undefined;
  let stopAlerts = () => {};
  try {
    await functions.waitAllReady(settings.startTimeoutMs);
    const store = createQueueStore(path.resolve(settings.stateDir), log);
    let q0: AsyncQueue | undefined;
    const metrics = createGatewayMetrics({ functions, depth: (n) => q0?.depth(n) ?? { queued: 0, inflight: 0 }, deadLetterCount: () => store.countDeadLetters() });
    const alerts = startAlerts(alertSettings, { functionNames: () => functions.names(), depth: (n) => q0?.depth(n) ?? { queued: 0, inflight: 0 }, deadLetterCount: () => store.countDeadLetters() }, log.child({ part: 'alerts' }));
    stopAlerts = alerts.stop;
    const observer = { ...metrics, observeCall: alerts.tee(metrics.observeCall) };
    const journal = createCallJournal(path.resolve(settings.stateDir));
    queue = q0 = createAsyncQueue({ ...settings, store, functions, log: log.child({ part: 'queue' }), observer, journal });
    await queue.start();
    const deadLetters = createDeadLetters(store, queue, path.resolve(settings.stateDir));
    const app = createApp({ ...settings, functions, queue, log, credentials, users, extraRouters, metrics: observer, deadLetters, journal });
    server = http.createServer(app);
    server.requestTimeout = 0; // long sync calls are bounded by upstreamTimeoutMs instead
    const port = await listen(server, settings.host, settings.port);
    const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
    log.info('gateway listening', { url, port, functions: functions.names(), auth: credentials !== undefined });
    const srv = server;
    const q = queue;
    return {
      url,
      port,
      functions,
      stack,
      queue: q,
      settings,
      metrics,
      async stop() {
        stopAlerts();
        await closeServer(srv);
        await q.stop();
        await functions.stop();
        log.info('gateway stopped');
      },
    };
  } catch (err) {
    stopAlerts();
    if (server) await closeServer(server);
    await queue?.stop();
    await functions.stop();
    throw err;
  }
}
