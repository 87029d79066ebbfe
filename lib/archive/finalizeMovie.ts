// Finalize science: copy a movie's raw data and step outputs into the archive, verified, then manifest, STAR files, tape.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { MovieRef } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import { createLogger } from '../log.js';
import type { Logger } from '../log.js';
import type { ObjectStore } from '../store/index.js';
import { applyTapePolicy } from '../tape/applyTapePolicy.js';
import type { ApplyTapeOptions, TapeOutcome } from '../tape/applyTapePolicy.js';
import { parseTapePolicy } from '../tape/policy.js';
import type { ArchiveConfig } from './config.js';
import { findRawMovie } from './findRawMovie.js';
import { ARCHIVED_STEPS, archiveRelPath, recordRelPath, sessionDirOf } from './layout.js';
import { appendManifestRows } from './manifest.js';
import { buildMovieRecord } from './buildMovieRecord.js';
import type { ArchivedFile } from './movieRecord.js';
import { updateSessionFiles } from './sessionFiles.js';
import { readStepResult } from './stepResults.js';
import { verifiedCopy } from './verifiedCopy.js';
import type { VerifiedCopyOptions } from './verifiedCopy.js';

export type ArchiveSource = Pick<ObjectStore, 'head' | 'list' | 'getStream' | 'getBytes'>;

export interface FinalizeOptions extends VerifiedCopyOptions {
  config: ArchiveConfig;
  params: SessionParams;
  /** @default createLogger('finalize') */
  log?: Logger;
  /** @default () => new Date() */
  now?: () => Date;
  /** Overrides for the tape step (PATH, timeouts). @default {} */
  tape?: ApplyTapeOptions;
}

export interface FinalizeResult {
  sessionDir: string;
  files: ArchivedFile[];
  copied: number;
  identical: number;
  manifestRowsAdded: number;
  starFiles: string[];
  /** null when no tape policy is configured. */
  tape: TapeOutcome | null;
}

/** Every key to archive for `ref`: the raw movie first, then each step's outputs, each result JSON last. */
async function keysToArchive(source: ArchiveSource, ref: MovieRef): Promise<{ keys: string[]; ctf: unknown; pick: unknown; motioncor: unknown }> {
  const raw = await findRawMovie(source, ref);
  const keys = [raw.key];
  const results: Partial<Record<string, unknown>> = {};
  let motioncor: unknown;
  for (const step of ARCHIVED_STEPS) {
    const r = await readStepResult(source, step, ref);
    keys.push(...r.keys);
    results[step] = r.results;
    if (step === 'motioncor') motioncor = r.parameters;
  }
  return { keys, ctf: results.ctffind, pick: results.pick, motioncor };
}

/** Copies one key (verified) and describes the archived file. */
async function archiveKey(source: ArchiveSource, key: string, ref: MovieRef, sessionDir: string, options: FinalizeOptions): Promise<ArchivedFile> {
  const info = await source.head(key);
  if (!info) throw new Error(`object "${key}" vanished while finalizing`);
  const rel = archiveRelPath(key, ref, options.config);
  const res = await verifiedCopy({
    label: key, size: info.size, sha256: info.metadata.sha256,
    open: async () => (await source.getStream(key)) as AsyncIterable<Uint8Array>,
  }, path.join(sessionDir, rel), options);
  return { key, etag: info.etag, path: rel, size: res.size, sha256: res.sha256, status: res.status };
}

/**
 * Archives one movie: verified copies (identical existing files skipped, different ones refused),
 * manifest rows, the movie record and the session STAR files, then the tape policy.
 * Nothing is ever deleted from the bucket or overwritten in the archive.
 */
export async function finalizeMovie(ref: MovieRef, source: ArchiveSource, options: FinalizeOptions): Promise<FinalizeResult> {
  const log = options.log ?? createLogger('finalize');
  const now = options.now ?? (() => new Date());
  const sessionDir = sessionDirOf(ref, options.config);
  const { keys, ctf, pick, motioncor } = await keysToArchive(source, ref);
  const files: ArchivedFile[] = [];
  for (const key of keys) {
    const f = await archiveKey(source, key, ref, sessionDir, options);
    log.info(f.status === 'copied' ? 'archived' : 'already archived', { key, path: f.path, size: f.size, sha256: f.sha256 });
    files.push(f);
  }
  const lock = { staleMs: options.config.lockStaleMs };
  const time = now().toISOString();
  const added = await appendManifestRows(sessionDir, files.map((f) => ({ time, sha256: f.sha256, size: f.size, path: f.path, key: f.key, etag: f.etag })), lock);
  const starFiles = await updateSessionFiles(sessionDir, recordRelPath(ref), buildMovieRecord(ref, files, ctf, pick, options.params, now(), motioncor), lock);
  let tape: TapeOutcome | null = null;
  if (options.config.tapePolicyFile) {
    const policy = parseTapePolicy(await readFile(options.config.tapePolicyFile, 'utf8'), options.config.tapePolicyFile);
    tape = await applyTapePolicy(policy, { sessionDir, newFiles: files.map((f) => f.path) }, {
      mmapplypolicy: options.config.tapeApplyCommand, dsmmigrate: options.config.tapePremigrateCommand, lock, ...options.tape,
    });
    for (const c of tape.commands) if (c.status !== 'applied') log.warn(`tape ${c.tool} ${c.status}`, { argv: c.argv, output: c.output.slice(-500) });
  }
  return {
    sessionDir, files, copied: files.filter((f) => f.status === 'copied').length,
    identical: files.filter((f) => f.status === 'identical').length, manifestRowsAdded: added.length, starFiles, tape,
  };
}
