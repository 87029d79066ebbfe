// Standalone gateway process: settings from the environment, stops cleanly on SIGTERM/SIGINT.
import { describeError } from '../lib/errors.js';
import { createLogger } from '../lib/log.js';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './server.js';

const log = createLogger('gateway');

async function main(): Promise<void> {
  const gateway = await startGateway(loadGatewayConfig(process.env), log);
  // One line on stdout with the address, for scripts and tests that start the gateway on port 0.
  process.stdout.write(JSON.stringify({ url: gateway.url, port: gateway.port, pid: process.pid }) + '\n');
  const stop = () => {
    void gateway.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  log.error('gateway failed to start', { error: describeError(err) });
  process.exit(1);
});
