// Maps bucket keys of one movie to paths in the archive: <root>/<session dir>/{raw,motioncor,ctf,picks}/...
import path from 'node:path';
import { InvalidInputError } from '../errors.js';
import { STEP_FOLDER, processedPrefix, rawPrefix } from '../events/pipeline.js';
import type { MovieRef, StepName } from '../events/pipeline.js';
import type { ArchiveConfig } from './config.js';

export type ArchivedStep = Exclude<StepName, 'finalize'>;
export const ARCHIVED_STEPS: readonly ArchivedStep[] = ['motioncor', 'ctffind', 'pick'];

/** Folder name that records each finalized movie (finalize/<movie>.json), below the session folder. */
export const RECORD_FOLDER = 'finalize';

function checkSegments(what: string, rel: string): void {
  if (rel.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new InvalidInputError(`${what} "${rel}": empty, "." or ".." path segment`);
  }
}

/** Absolute session folder: gpfsRoot joined with the sessionDir template. */
export function sessionDirOf(ref: Pick<MovieRef, 'experiment' | 'session'>, config: Pick<ArchiveConfig, 'gpfsRoot' | 'sessionDir'>): string {
  checkSegments('experiment', ref.experiment);
  checkSegments('session', ref.session);
  const rel = config.sessionDir.replaceAll('{experiment}', ref.experiment).replaceAll('{session}', ref.session);
  checkSegments('session folder', rel);
  return path.join(config.gpfsRoot, rel);
}

/**
 * Path below the session folder for a raw or processed key of the session, e.g.
 * raw/e/s/a/b.tif → raw/a/b.tif, processed/e/s/ctf/a/b.json → ctf/a/b.json.
 */
export function archiveRelPath(key: string, ref: Pick<MovieRef, 'experiment' | 'session'>, config: Pick<ArchiveConfig, 'folders'>): string {
  const raw = rawPrefix(ref);
  if (key.startsWith(raw)) {
    const rest = key.slice(raw.length);
    checkSegments('key', rest);
    return `${config.folders.raw}/${rest}`;
  }
  const processed = processedPrefix(ref);
  for (const step of ARCHIVED_STEPS) {
    const prefix = `${processed}${STEP_FOLDER[step]}/`;
    if (key.startsWith(prefix)) {
      const rest = key.slice(prefix.length);
      checkSegments('key', rest);
      return `${config.folders[step]}/${rest}`;
    }
  }
  throw new InvalidInputError(`key "${key}": not a raw or step-output key of session ${ref.experiment}/${ref.session}`);
}

/** The per-movie finalize record, relative to the session folder. */
export function recordRelPath(ref: MovieRef): string {
  checkSegments('movie', ref.movie);
  return `${RECORD_FOLDER}/${ref.movie}.json`;
}
