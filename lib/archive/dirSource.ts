// A read-only ObjectStore-shaped view of a local folder laid out like the bucket (<dir>/raw/..., <dir>/processed/...).
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../errors.js';
import type { ObjectInfo } from '../store/index.js';
import type { ArchiveSource } from './finalizeMovie.js';

function keyPath(dir: string, key: string): string {
  const p = path.resolve(dir, key);
  if (!p.startsWith(path.resolve(dir) + path.sep)) throw new NotFoundError(`key "${key}" is outside "${dir}"`);
  return p;
}

async function infoOf(dir: string, key: string): Promise<ObjectInfo | null> {
  try {
    const st = await stat(keyPath(dir, key));
    if (!st.isFile()) return null;
    // A local stand-in for the ETag: changes whenever the file does.
    return { key, size: st.size, etag: `${st.size.toString(16)}-${Math.round(st.mtimeMs).toString(16)}`, lastModified: st.mtime, metadata: {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Objects are the files below `dir`; keys are their '/'-separated relative paths. */
export function createDirSource(dir: string): ArchiveSource {
  return {
    head: (key) => infoOf(dir, key),
    async getBytes(key) {
      return new Uint8Array(await readFile(keyPath(dir, key)));
    },
    async getStream(key) {
      if (!(await infoOf(dir, key))) throw new NotFoundError(`file "${key}" does not exist in "${dir}"`);
      return createReadStream(keyPath(dir, key), { highWaterMark: 1 << 20 });
    },
    async *list(prefix) {
      const base = path.resolve(dir);
      const entries = await readdir(base, { withFileTypes: true, recursive: true }).catch(() => []);
      const keys = entries.filter((e) => e.isFile()).map((e) => path.relative(base, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
      for (const key of keys.filter((k) => k.startsWith(prefix)).sort()) {
        const info = await infoOf(dir, key);
        if (info) yield info;
      }
    },
  };
}
