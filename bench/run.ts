// `npm run bench -- <name> [args]`: runs bench/<name>.ts, or lists the benchmarks when no name is given.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...args] = process.argv.slice(2);

if (!name || !names.includes(name)) {
  if (name) process.stderr.write(`bench: no benchmark named "${name}"\n`);
  process.stdout.write(`benchmarks (npm run bench -- <name> [args]):\n${names.map((n) => `  ${n}`).join('\n')}\n`);
  process.exitCode = name ? 1 : 0;
} else {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`), ...args], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
