#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1:${GLIBC_TUNABLES} node
// Command-line entry. Runs the bundle that `npm ci` builds (scripts/buildCli.mjs) while it is up to date
// with every source it was built from; otherwise (sources edited since, or no bundle) the TypeScript
// sources through tsx, so the CLI never runs stale code. CRYOEM_CLI_SOURCES=1 forces the sources.
// The shebang starts node with glibc's huge-page malloc (lib/hugePages.ts: about 10 % off motioncor at 4096², and
// the page faults of reading a 64 MB micrograph); tunables the caller set are kept after it. `node bin/cryoem-daq.mjs`
// skips the shebang and runs without it.
import { bundleIsFresh } from './cliBundle.mjs';

const root = new URL('../', import.meta.url);

if (process.env.CRYOEM_CLI_SOURCES !== '1' && bundleIsFresh(root)) {
  await import(new URL('dist/cli/run.mjs', root).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('cli/run.ts', root).href);
}
