#!/usr/bin/env node
// Command-line entry. Runs the bundle that `npm ci` builds (scripts/buildCli.mjs) while it is up to date
// with every source it was built from; otherwise (sources edited since, or no bundle) the TypeScript
// sources through tsx, so the CLI never runs stale code. CRYOEM_CLI_SOURCES=1 forces the sources.
import { bundleIsFresh } from './cliBundle.mjs';

const root = new URL('../', import.meta.url);

if (process.env.CRYOEM_CLI_SOURCES !== '1' && bundleIsFresh(root)) {
  await import(new URL('dist/cli/run.mjs', root).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('cli/run.ts', root).href);
}
