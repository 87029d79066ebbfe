// After finalize: judges the session (lib/curation) and writes the curated STAR files to the archive and to the bucket.
import path from 'node:path';
import { judgeSession } from '../curation/index.js';
import { processedPrefix } from '../events/pipeline.js';
import type { MovieRef } from '../events/pipeline.js';
import type { ObjectStore } from '../store/index.js';
import { writeFileAtomic } from './atomicFile.js';
import type { ArchiveFolders } from './config.js';
import { buildBucketStarFiles, buildCuratedStarFiles } from './curatedStar.js';
import { withFileLock } from './fileLock.js';
import type { FileLockOptions } from './fileLock.js';
import { readMovieRecords } from './sessionFiles.js';

export interface CuratedExportResult {
  accepted: number;
  rejected: number;
  /** Names written in the session folder. */
  archived: string[];
  /** Keys written in the bucket. */
  keys: string[];
}

/**
 * Under the session lock (so a later finalizer never writes an older list last): reads every movie record,
 * judges the session from the bucket's results and curation.json, writes micrographs_selected.star and
 * autopick_selected.star beside the other STAR files, and stores all STAR files under processed/<exp>/<session>/.
 */
export async function writeCuratedExports(
  store: Pick<ObjectStore, 'head' | 'getBytes' | 'list' | 'put'>, ref: Pick<MovieRef, 'experiment' | 'session'>, sessionDir: string,
  folders: ArchiveFolders, lock: FileLockOptions = {},
): Promise<CuratedExportResult> {
  return withFileLock(path.join(sessionDir, '.session.lock'), async () => {
    const records = await readMovieRecords(sessionDir);
    const judged = await judgeSession(store, ref);
    const accepted = new Set(judged.movies.filter((m) => m.decision === 'accepted').map((m) => m.movie));
    const finalized = new Set(records.map((r) => r.movie));
    const archived: string[] = [];
    for (const [name, text] of Object.entries(buildCuratedStarFiles(records, accepted))) {
      await writeFileAtomic(path.join(sessionDir, name), text);
      archived.push(name);
    }
    const keys: string[] = [];
    for (const [name, text] of Object.entries(buildBucketStarFiles(records, accepted, folders))) {
      const key = `${processedPrefix(ref)}${name}`;
      await store.put(key, text, { contentType: 'text/plain' });
      keys.push(key);
    }
    const acceptedFinalized = [...accepted].filter((m) => finalized.has(m)).length;
    return { accepted: acceptedFinalized, rejected: records.length - acceptedFinalized, archived, keys };
  }, lock);
}
