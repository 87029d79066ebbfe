#!/usr/bin/env node
// Bundles the CLI (cli/run.ts and what it imports from the project) into dist/cli with esbuild, so
// `cryoem-daq` starts without compiling TypeScript: `motioncor --help` 0.41 s through tsx, ~0.2 s bundled.
// Runs at `npm ci`/`npm install` (the `prepare` script). bin/cryoem-daq.mjs uses the bundle only while no
// input is newer than the build (dist/cli/inputs.json), else the sources through tsx.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// --outdir DIR builds elsewhere (tests), leaving the bundle that running CLIs may be loading alone.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist', 'cli');

/**
 * Each project module keeps its own import.meta.url (its source file's URL): worker task modules
 * (`new URL('./spectraTask.ts', import.meta.url)`) and package.json are found beside the sources,
 * not beside the bundle.
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

const builtAt = Date.now();
const staging = `${outdir}.tmp-${process.pid}`;
await rm(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { run: 'cli/run.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  metafile: true,
  logLevel: 'warning',
  plugins: [ownImportMetaUrl],
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')).sort();
await writeFile(path.join(staging, 'inputs.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
await mkdir(path.dirname(outdir), { recursive: true });
await rm(outdir, { recursive: true, force: true });
await rename(staging, outdir);
process.stdout.write(`cryoem-daq CLI bundled: ${inputs.length} modules → ${path.relative(root, outdir)}\n`);
