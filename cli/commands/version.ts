// `cryoem-daq version`: prints the package version and the Node.js runtime.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('version')
    .description('print the cryoem-daq version')
    .action(() => {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`cryoem-daq ${pkg.version} (node ${process.version})\n`);
    });
}
