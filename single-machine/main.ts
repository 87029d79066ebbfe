// The whole stack on one machine (`npm start`): the embedded store, the gateway with every function of stack.yml,
// the connector and the dashboard at /ui/, wired together on loopback from one config (single-machine/config.ts)
// with credentials generated under CRYOEM_DATA_DIR, then a demo movie followed through the steps in the terminal.
// `--no-demo` skips the demo, `--exit-after-demo` exits once it is processed; Ctrl-C stops everything.
import { join } from 'node:path';
import { STEPS } from '../lib/events/pipeline.js';
import { describeError } from '../lib/errors.js';
import { createLogger } from '../lib/log.js';
import { loadStackConfig } from './config.js';
import { followMovie } from './demo/followMovie.js';
import { seedDemo } from './demo/seedDemo.js';
import { startStack } from './startStack.js';
import type { RunningStack } from './startStack.js';

const log = createLogger('main');
const say = (line: string) => process.stdout.write(line + '\n');

function printBanner(stack: RunningStack): void {
  const { config, storeConfig, gateway, connector } = stack;
  say('cryoem-daq is running');
  say(`  store      ${storeConfig.endpoint}  bucket "${config.bucket}"  data ${config.paths.store}`);
  say(`  gateway    ${gateway.url}  functions: ${gateway.functions.names().join(', ')}`);
  say(`  connector  ${connector.url}/events`);
  say(`  dashboard  ${gateway.url}/ui/  (log in with basic-auth-user / basic-auth-password below, or as a user)`);
  say(`  credentials (S3 keys, gateway basic auth, webhook token): ${config.paths.secrets}/`);
  say(`  users      GATEWAY_URL=${gateway.url} GATEWAY_USER_FILE=${config.paths.secrets}/basic-auth-user GATEWAY_PASSWORD_FILE=${config.paths.secrets}/basic-auth-password \\`);
  say('             cryoem-daq access user add <name> --password-stdin; access experiment add <exp> --window <fromISO>/<toISO>; access grant <exp> <name> --role operator');
}

async function runDemo(stack: RunningStack, signal: AbortSignal): Promise<boolean> {
  const deployed = new Set(stack.gateway.functions.names());
  const steps = STEPS.filter((s) => deployed.has(s));
  const { ref, key } = await seedDemo(stack.store, { truthDir: join(stack.config.paths.data, 'demo-truth') });
  say(`demo: uploaded ${key}; following ${steps.join(' → ')}`);
  const ok = await followMovie(stack.store, ref, {
    steps, signal,
    onProgress: (p) => say(p.status === 'done' ? `demo: ${p.step} done (${p.seconds.toFixed(1)} s)` : `demo: ${p.step} FAILED: ${p.cause}`),
  });
  if (ok) say('demo movie processed');
  return ok;
}

async function main(): Promise<void> {
  // The stack writes only data (objects, queues, secrets): private whatever the caller's umask.
  process.umask(0o077);
  const config = loadStackConfig(process.env, process.argv.slice(2));
  const stack = await startStack(config, log);
  const abort = new AbortController();
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) return;
    exiting = true;
    abort.abort();
    say('stopping…');
    await stack.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  printBanner(stack);
  if (!config.demo) return;
  const ok = await runDemo(stack, abort.signal);
  if (config.exitAfterDemo) await shutdown(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  log.error('failed to start', { error: describeError(err) });
  process.stderr.write(`cryoem-daq: ${describeError(err)}\n`);
  process.exit(1);
});
