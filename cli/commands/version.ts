// `cryoem-daq version`: prints the package version, the Node.js runtime and whether malloc uses huge pages.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { hugePagesRequested } from '../../lib/hugePages.js';

export function register(program: Command): void {
  program
    .command('version')
    .description('print the cryoem-daq version')
    .action(() => {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      // Huge pages change motioncor's and ctffind's times by 10–30 %: worth seeing in a report of slow runs.
      process.stdout.write(`cryoem-daq ${pkg.version} (node ${process.version}; malloc huge pages ${hugePagesRequested() ? 'on' : 'off'})\n`);
    });
}
