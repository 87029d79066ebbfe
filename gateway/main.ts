// The OpenFaaS-compatible gateway, standalone: /function/<name>, /async-function/<name> (durable queue with
// retries and dead letters), /system/* and /healthz, with the functions of stack.yml started as child processes
// running lib/host. Starts with `node --import tsx gateway/main.ts`; GATEWAY_* variables configure it
// (gateway/config.ts); one JSON line on stdout gives its address; SIGTERM/SIGINT stop it cleanly.
import { describeError } from '../lib/errors.js';
import { loadAlertConfig } from '../lib/alerts/index.js';
import { createLogger } from '../lib/log.js';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './server.js';

const log = createLogger('gateway');

async function main(): Promise<void> {
  const settings = loadGatewayConfig(process.env);
  if (!settings.authDir) log.warn('GATEWAY_AUTH=off: the gateway accepts every call without credentials');
  const gateway = await startGateway({ ...settings, alerts: loadAlertConfig(process.env) }, log);
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
