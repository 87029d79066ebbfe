#!/usr/bin/env node
// Bundles the CLI (cli/run.ts and what it imports from the project) into dist/cli with esbuild, so
// `cryoem-daq` starts without compiling TypeScript: `motioncor --help` 0.41 s through tsx, ~0.2 s bundled.
// Runs at `npm ci`/`npm install` (the `prepare` script). bin/cryoem-daq.mjs uses the bundle only while no
// input is newer than the build (dist/cli/inputs.json), else the sources through tsx.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
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

/**
 * Every package stays external except zod: its ESM build is ~100 small files, and resolving and compiling them
 * was ~0.1 s CPU of each command's start (`ctffind` on one 2048² micrograph: ~10 % of the whole command).
 * Bundled, it is one chunk. zod is pure JS with no state shared with other packages, so a second copy is harmless.
 */
const externalExceptZod = {
  name: 'external-except-zod',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path === 'zod' || args.path.startsWith('zod/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Worker tasks (every lib file named …Task.ts) are bundled too, each as tasks/<its source path>.mjs, and the bundle is told where
 * (CRYOEM_TASK_BUNDLE, read by lib/parallel/taskBundle.ts): threads then load plain JavaScript instead of starting
 * the TypeScript loader, which cost ~0.6 s and ~1 s of CPU per thread in every cold motioncor.
 */
const tasks = (await readdir(path.join(root, 'lib'), { recursive: true }))
  .filter((f) => /Task\.ts$/.test(f))
  .map((f) => `lib/${f.split(path.sep).join('/')}`)
  .sort();
const taskBundle = { root: pathToFileURL(`${root}/`).href, bundle: pathToFileURL(`${outdir}/`).href, tasks };

const builtAt = Date.now();
const staging = `${outdir}.tmp-${process.pid}`;
await rm(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { run: 'cli/run.ts', ...Object.fromEntries(tasks.map((t) => [`tasks/${t.replace(/\.ts$/, '')}`, t])) },
  define: { CRYOEM_TASK_BUNDLE: JSON.stringify(JSON.stringify(taskBundle)) },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  metafile: true,
  logLevel: 'warning',
  plugins: [externalExceptZod, ownImportMetaUrl],
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')).sort();
await writeFile(path.join(staging, 'inputs.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
await mkdir(path.dirname(outdir), { recursive: true });
await rm(outdir, { recursive: true, force: true });
await rename(staging, outdir);
process.stdout.write(`cryoem-daq CLI bundled: ${inputs.length} modules → ${path.relative(root, outdir)}\n`);
