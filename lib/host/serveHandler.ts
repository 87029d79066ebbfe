// Starts the host server for one handler and resolves once it listens (used by main.ts, tests and benches).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DrainReport } from './callTracker.js';
import { createHostServer, type CreateHostServerOptions } from './createHostServer.js';
import type { Handler } from './types.js';

export interface ServeHandlerOptions extends CreateHostServerOptions {
  /** @default 3000 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
}

export interface RunningHost {
  server: Server;
  port: number;
  url: string;
  /** Closes at once, dropping calls in flight (tests). */
  close(): Promise<void>;
  /** Graceful stop (SIGTERM): see HostServer.drain. */
  drain(stopAfterMs?: number): Promise<DrainReport>;
}

/**
 * Idle keep-alive connections are closed after this long. It must exceed the longest idle time after which
 * a client still reuses a connection, or the host may close one just as a request is sent on it (the
 * client sees a reset; Go retries only idempotent requests, so a POST through of-watchdog would fail).
 * of-watchdog 0.10.9 reuses its upstream connections for 500 ms (IdleConnTimeout), a tenth of this;
 * longer would only keep the sockets of departed clients open. No `Keep-Alive` header announces it
 * (sendReply.ts): the watchdog would copy it into its replies.
 */
export const HOST_KEEP_ALIVE_TIMEOUT_MS = 5_000;

export async function serveHandler(handler: Handler, options: ServeHandlerOptions = {}): Promise<RunningHost> {
  const { server, drain } = createHostServer(handler, options);
  server.keepAliveTimeout = HOST_KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    drain,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
