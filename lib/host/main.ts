// Entry of the function host: `node --import tsx lib/host/main.ts <handler.ts>` (or env FUNCTION_HANDLER).
// Run by of-watchdog as fprocess in production and by the embedded gateway as a child process.
import path from 'node:path';
import { describeError } from '../errors.js';
import { createLogger } from '../log.js';
import { loadHostConfig } from './hostConfig.js';
import { loadHandler } from './loadHandler.js';
import { usePrivateTmpdir } from './privateTmpdir.js';
import { hostReadiness } from './readiness.js';
import { serveHandler } from './serveHandler.js';
import { watchParent } from './watchParent.js';

async function main(): Promise<void> {
  const file = process.argv[2] ?? process.env.FUNCTION_HANDLER;
  if (!file) throw new Error('usage: lib/host/main.ts <path/to/handler.ts> (or set FUNCTION_HANDLER)');
  const name = process.env.FUNCTION_NAME ?? path.basename(path.dirname(path.resolve(file)));
  const log = createLogger(name);
  watchParent();
  const config = loadHostConfig();
  usePrivateTmpdir();
  const handler = await loadHandler(file);
  const host = await serveHandler(handler, { ...config, logger: log, isReady: hostReadiness(process.env) });
  log.info('listening', { port: host.port, handler: file, execTimeoutMs: config.execTimeoutMs });
  // The embedded gateway learns the port (it passes http_port=0) over the IPC channel.
  process.send?.({ type: 'listening', port: host.port });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: new calls get 503, calls in flight finish by their deadline', { signal });
    process.send?.({ type: 'draining' });
    void host.drain(config.execTimeoutMs).then((report) => {
      // Non-zero when work was abandoned: of-watchdog exits only when its fprocess exits non-zero, and
      // otherwise keeps reporting healthy with no upstream (see docs in README "Function host").
      const code = report.abandoned + report.unsettled > 0 ? 1 : 0;
      (code === 0 ? log.info : log.warn)('stopped', { ...report, exitCode: code });
      process.exit(code);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  createLogger('function').error('failed to start', { error: describeError(err) });
  process.exit(1);
});
