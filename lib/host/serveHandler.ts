// Starts the host server for one handler and resolves once it listens (used by main.ts, tests and benches).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
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
  close(): Promise<void>;
}

export async function serveHandler(handler: Handler, options: ServeHandlerOptions = {}): Promise<RunningHost> {
  const server = createHostServer(handler, options);
  // of-watchdog keeps connections to its upstream alive; outlive its idle timeout (90 s in Go's transport).
  server.keepAliveTimeout = 95_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
