// Keeps a session's record-derived files current: the per-movie record, then the STAR files rebuilt from all records under a lock.
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { writeFileAtomic, isTempName } from './atomicFile.js';
import { withFileLock } from './fileLock.js';
import type { FileLockOptions } from './fileLock.js';
import { RECORD_FOLDER } from './layout.js';
import { MovieRecord } from './movieRecord.js';
import { buildSessionStarFiles } from './sessionStar.js';

/** Every record file below <sessionDir>/finalize/ (movies may sit in sub-folders). */
async function recordFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !isTempName(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Reads and validates every movie record of the session. */
export async function readMovieRecords(sessionDir: string): Promise<MovieRecord[]> {
  const files = await recordFiles(path.join(sessionDir, RECORD_FOLDER));
  const records: MovieRecord[] = [];
  for (const file of files) {
    const parsed = MovieRecord.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`finalize record "${file}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    records.push(parsed.data);
  }
  return records;
}

/**
 * Writes the movie's record, then rebuilds movies.star, micrographs_ctf.star and autopick.star
 * from all records. Both happen under `<sessionDir>/.session.lock`, so a concurrent finalizer
 * never replaces the files with a list that misses this movie; each file is replaced atomically.
 */
export async function updateSessionFiles(sessionDir: string, recordRelPath: string, record: MovieRecord, options: FileLockOptions = {}): Promise<string[]> {
  return withFileLock(path.join(sessionDir, '.session.lock'), async () => {
    await writeFileAtomic(path.join(sessionDir, recordRelPath), JSON.stringify(record, null, 2) + '\n');
    const files = buildSessionStarFiles(await readMovieRecords(sessionDir));
    const written: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      await writeFileAtomic(path.join(sessionDir, name), text);
      written.push(name);
    }
    return written;
  }, options);
}
