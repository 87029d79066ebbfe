// The session manifest (manifest.tsv): one row per archived file, appended under a lock, one write per batch.
import path from 'node:path';
import { open, readFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import { mkdirDurable } from './atomicFile.js';
import { withFileLock } from './fileLock.js';
import type { FileLockOptions } from './fileLock.js';

export const MANIFEST_NAME = 'manifest.tsv';
export const MANIFEST_COLUMNS = ['time', 'sha256', 'size', 'path', 'key', 'etag'] as const;

export interface ManifestRow {
  /** ISO time the file was archived. */
  time: string;
  sha256: string;
  size: number;
  /** Path below the session folder. */
  path: string;
  /** Bucket key the file came from. */
  key: string;
  etag: string;
}

export type AppendManifestOptions = FileLockOptions;

function formatRow(row: ManifestRow): string {
  const fields = [row.time, row.sha256, String(row.size), row.path, row.key, row.etag];
  for (const f of fields) {
    if (/[\t\n\r]/.test(f)) throw new InvalidInputError(`manifest field "${f}": tabs and newlines are not allowed`);
  }
  return fields.join('\t') + '\n';
}

/** Parses manifest.tsv text into rows (the header and malformed lines are skipped). */
export function parseManifest(text: string): ManifestRow[] {
  const rows: ManifestRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f.length !== MANIFEST_COLUMNS.length || f[0] === 'time') continue;
    rows.push({ time: f[0], sha256: f[1], size: Number(f[2]), path: f[3], key: f[4], etag: f[5] });
  }
  return rows;
}

async function readIfExists(p: string): Promise<string> {
  try {
    return await readFile(p, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Appends the rows not yet in `<sessionDir>/manifest.tsv` (same path and sha256), under
 * `manifest.tsv.lock`, as one O_APPEND write followed by fsync. Returns the rows appended.
 */
export async function appendManifestRows(sessionDir: string, rows: ManifestRow[], options: AppendManifestOptions = {}): Promise<ManifestRow[]> {
  const file = path.join(sessionDir, MANIFEST_NAME);
  await mkdirDurable(sessionDir);
  return withFileLock(`${file}.lock`, async () => {
    const existing = await readIfExists(file);
    const have = new Set(parseManifest(existing).map((r) => `${r.path}\t${r.sha256}`));
    const fresh = rows.filter((r) => !have.has(`${r.path}\t${r.sha256}`));
    if (fresh.length === 0) return [];
    const text = (existing === '' ? MANIFEST_COLUMNS.join('\t') + '\n' : '') + fresh.map(formatRow).join('');
    const fh = await open(file, 'a', 0o644);
    try {
      await fh.write(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return fresh;
  }, options);
}
