// The bundled CLI: used only while fresh, and it behaves as the TypeScript sources do.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIsFresh } from '../../bin/cliBundle.mjs';

const run = promisify(execFile);
let dir: string;
const cleanup: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-bundle-'));
});
afterAll(async () => {
  for (const d of [dir, ...cleanup]) await rm(d, { recursive: true, force: true });
});

describe('bundleIsFresh', () => {
  it('accepts a bundle only while every input is older than its build, and refuses a missing or broken record', async () => {
    const root = pathToFileURL(`${dir}/`);
    await mkdir(join(dir, 'dist', 'cli'), { recursive: true });
    await mkdir(join(dir, 'lib'), { recursive: true });
    expect(bundleIsFresh(root)).toBe(false); // no inputs.json
    const builtAt = Date.now();
    for (const f of ['lib/a.ts', 'lib/b.ts']) {
      await writeFile(join(dir, f), 'export {};\n');
      await utimes(join(dir, f), (builtAt - 60_000) / 1000, (builtAt - 60_000) / 1000);
    }
    const record = (inputs: string[]): Promise<void> => writeFile(join(dir, 'dist/cli/inputs.json'), JSON.stringify({ builtAt, inputs }));
    await record(['lib/a.ts', 'lib/b.ts']);
    expect(bundleIsFresh(root)).toBe(true);
    await utimes(join(dir, 'lib/b.ts'), (builtAt + 1000) / 1000, (builtAt + 1000) / 1000); // edited after the build
    expect(bundleIsFresh(root)).toBe(false);
    await record(['lib/a.ts', 'lib/gone.ts']); // an input deleted since
    expect(bundleIsFresh(root)).toBe(false);
    await record([]);
    expect(bundleIsFresh(root)).toBe(false);
    await writeFile(join(dir, 'dist/cli/inputs.json'), '{"builtAt": 1, "inp');
    expect(bundleIsFresh(root)).toBe(false);
  });
});

describe('the bundled CLI', () => {
  it('is built by scripts/buildCli.mjs and answers as the sources do', async () => {
    // Built beside dist/cli, not over it (CLIs spawned by other test files may be loading it), and inside
    // the project so the bundle finds node_modules.
    const out = join(process.cwd(), 'dist', `cli-test-${process.pid}`);
    cleanup.push(out);
    const built = await run(process.execPath, ['scripts/buildCli.mjs', '--outdir', out]);
    expect(built.stdout).toMatch(/CLI bundled: \d+ modules/);
    for (const args of [['version'], ['motioncor', '--help'], ['pick', '--help']]) {
      const bundled = await run(process.execPath, [join(out, 'run.mjs'), ...args]);
      const sources = await run(process.execPath, ['bin/cryoem-daq.mjs', ...args], { env: { ...process.env, CRYOEM_CLI_SOURCES: '1' } });
      expect(bundled.stdout).toBe(sources.stdout);
      expect(bundled.stdout.length).toBeGreaterThan(10);
    }
    // Every worker task is pre-built beside it (threads then skip the TypeScript loader), each a default function.
    const tasks = (await readdir('lib', { recursive: true })).filter((f) => f.endsWith('Task.ts'));
    expect(tasks.length).toBeGreaterThanOrEqual(5);
    for (const t of tasks) {
      const built = pathToFileURL(join(out, 'tasks', 'lib', t.replace(/\.ts$/, '.mjs'))).href;
      const kind = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(built)}); process.stdout.write(typeof m.default);`]);
      expect(kind.stdout, t).toBe('function');
    }
  });
});
