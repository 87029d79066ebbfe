// `cryoem-daq finalize run|prune-raw`: archive movies (from the bucket or a local bucket-shaped folder) into a GPFS-like folder; bucket retention.
import path from 'node:path';
import type { Command } from 'commander';
import { createDirSource, finalizeMovie, loadArchiveConfig, pruneRawObjects } from '../../lib/archive/index.js';
import type { ArchiveSource } from '../../lib/archive/index.js';
import { describeError } from '../../lib/errors.js';
import { parseInputKey, processedPrefix, rawPrefix, sessionParamsKey, STEP_FOLDER } from '../../lib/events/pipeline.js';
import { SessionParams } from '../../lib/events/sessionParams.js';
import { createObjectStore, loadStoreConfig } from '../../lib/store/index.js';

interface RunFlags { from?: string; gpfsRoot?: string; tapePolicy?: string }

async function sessionParams(source: ArchiveSource, ref: { experiment: string; session: string }): Promise<SessionParams> {
  const key = sessionParamsKey(ref);
  if (!(await source.head(key))) return SessionParams.parse({});
  return SessionParams.parse(JSON.parse(new TextDecoder().decode(await source.getBytes(key))));
}

/** Movies of the session whose pick result exists (finalize's trigger). */
async function finishedMovies(source: ArchiveSource, ref: { experiment: string; session: string }): Promise<string[]> {
  const movies: string[] = [];
  for await (const o of source.list(`${processedPrefix(ref)}${STEP_FOLDER.pick}/`)) {
    const r = parseInputKey('finalize', o.key);
    if (r) movies.push(r.movie);
  }
  return movies;
}

async function runFinalize(experiment: string, session: string, movies: string[], flags: RunFlags): Promise<void> {
  const env = { ...process.env, ...(flags.gpfsRoot ? { GPFS_ROOT: path.resolve(flags.gpfsRoot) } : {}), ...(flags.tapePolicy ? { TAPE_POLICY_FILE: flags.tapePolicy } : {}) };
  const config = loadArchiveConfig(env);
  const source = flags.from ? createDirSource(path.resolve(flags.from)) : createObjectStore(loadStoreConfig(env));
  const ref = { experiment, session };
  const params = await sessionParams(source, ref);
  const list = movies.length > 0 ? movies : await finishedMovies(source, ref);
  if (list.length === 0) throw new Error(`no finished movies under ${processedPrefix(ref)} (nor raw ones under ${rawPrefix(ref)}) to finalize`);
  let failed = 0;
  for (const movie of list) {
    try {
      const r = await finalizeMovie({ ...ref, movie }, source, { config, params });
      const tape = r.tape ? `; tape ${r.tape.commands.map((c) => `${c.tool} ${c.status}`).join(', ') || 'nothing to run'}` : '';
      process.stdout.write(`${movie}: ${r.copied} copied, ${r.identical} already archived, ${r.manifestRowsAdded} manifest rows${tape}\n`);
    } catch (err) {
      failed += 1;
      process.stderr.write(`${movie}: ${describeError(err)}\n`);
    }
  }
  if (failed > 0) process.exitCode = 1;
}

async function runPrune(experiment: string, session: string, flags: { olderThanDays?: string; delete?: boolean }): Promise<void> {
  const days = flags.olderThanDays !== undefined ? Number(flags.olderThanDays) : loadArchiveConfig({ GPFS_ROOT: '/', ...process.env }).retentionRawDays;
  if (!Number.isFinite(days) || days < 0) throw new Error(`--older-than-days: expected a number ≥ 0, got "${flags.olderThanDays}"`);
  const store = createObjectStore(loadStoreConfig(process.env));
  const decisions = await pruneRawObjects(store, rawPrefix({ experiment, session }), { minAgeDays: days, dryRun: !flags.delete });
  for (const d of decisions) process.stdout.write(`${(d.deleted ? 'deleted' : d.deletable ? 'would delete' : 'kept').padEnd(12)} ${d.key}: ${d.reason}\n`);
  if (!flags.delete && decisions.some((d) => d.deletable)) process.stdout.write('(dry run: add --delete to delete)\n');
}

function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`cryoem-daq finalize: ${describeError(err)}\n`);
      process.exitCode = 1;
    }
  };
}

export function register(program: Command): void {
  const finalize = program.command('finalize').description('archive finished movies to GPFS; bucket retention of raw movies');
  finalize.command('run')
    .description('copy movies (raw + step outputs) into <gpfs-root>/<experiment>/<session>/, verified, with manifest, STAR files and tape policy')
    .argument('<experiment>').argument('<session>').argument('[movies...]', 'movie names (default: every movie with a pick result)')
    .option('--from <dir>', 'a local folder laid out like the bucket (raw/…, processed/…) instead of the bucket (S3_*)')
    .option('--gpfs-root <dir>', 'archive root (default: GPFS_ROOT)')
    .option('--tape-policy <file>', 'tape policy YAML (default: TAPE_POLICY_FILE)')
    .action(guarded((experiment: string, session: string, movies: string[], flags: RunFlags) => runFinalize(experiment, session, movies, flags)));
  finalize.command('prune-raw')
    .description('delete raw movies from the bucket that were finalized and verified at least N days ago (dry run unless --delete)')
    .argument('<experiment>').argument('<session>')
    .option('--older-than-days <n>', 'minimum age after the verified finalize (default: RETENTION_RAW_DAYS or 14)')
    .option('--delete', 'really delete')
    .action(guarded((experiment: string, session: string, flags: { olderThanDays?: string; delete?: boolean }) => runPrune(experiment, session, flags)));
}
