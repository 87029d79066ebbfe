// Copies one object into the archive: temp name, sha256 while copying, fsync, read-back check, no-overwrite commit.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import { fsyncDir, mkdirDurable, removeDeadTemps, tempPathFor } from './atomicFile.js';
import { openFileSink } from './fileSink.js';
import type { OpenSink } from './fileSink.js';
import { hashFile, hashStream } from './hashFile.js';

export interface CopySource {
  /** Names the source in messages (the object key). */
  label: string;
  size: number;
  /** sha256 recorded at ingest (object metadata `sha256`), checked when present. */
  sha256?: string;
  open(): Promise<AsyncIterable<Uint8Array | string>>;
}

export interface VerifiedCopyOptions {
  /** How files are created; tests inject a full disk here. @default openFileSink */
  openSink?: OpenSink;
}

export type CopyStatus = 'copied' | 'identical';

export interface CopyResult {
  path: string;
  size: number;
  sha256: string;
  status: CopyStatus;
}

async function existingSize(p: string): Promise<number | null> {
  try {
    const st = await lstat(p);
    if (!st.isFile()) throw new InvalidInputError(`archive path "${p}" exists and is not a regular file`);
    return st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Compares an existing archive file with the source: same bytes → 'identical', else a conflict error. */
async function compareExisting(source: CopySource, dest: string, size: number): Promise<CopyResult> {
  const have = await hashFile(dest);
  const want = source.sha256 && source.size === size ? { sha256: source.sha256, size: source.size } : await hashStream(await source.open());
  if (have.sha256 === want.sha256 && have.size === want.size) return { path: dest, size, sha256: have.sha256, status: 'identical' };
  throw new InvalidInputError(
    `archive file "${dest}" exists with different content (size ${have.size}, sha256 ${have.sha256}); ` +
      `source "${source.label}" has size ${want.size}, sha256 ${want.sha256}: not overwritten`,
  );
}

/** Streams the source into `tmp` through the sink, hashing as it goes; returns the hash and size written. */
async function writeTemp(source: CopySource, tmp: string, openSink: OpenSink): Promise<{ sha256: string; size: number }> {
  const sink = await openSink(tmp);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of await source.open()) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(buf);
      await sink.write(buf);
      size += buf.length;
    }
    await sink.sync();
  } finally {
    await sink.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/** Publishes `tmp` as `dest` without ever replacing an existing file (link fails with EEXIST). */
async function commitNoReplace(tmp: string, dest: string): Promise<boolean> {
  try {
    await link(tmp, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
    // File systems without hard links: check, then rename (a narrow race, logged by the caller's manifest).
    if ((await existingSize(dest)) !== null) return false;
    await rename(tmp, dest);
    return true;
  }
  await unlink(tmp);
  return true;
}

/**
 * Copies `source` to `dest`: skips an identical existing file, refuses a different one
 * (InvalidInputError; nothing overwritten), otherwise writes a temporary file, fsyncs it,
 * re-reads it to compare sha256 with the hash taken while copying (and with the ingest sha256),
 * then links it to its final name and fsyncs the folder. A partial file never has the final name.
 */
export async function verifiedCopy(source: CopySource, dest: string, options: VerifiedCopyOptions = {}): Promise<CopyResult> {
  await mkdirDurable(path.dirname(dest));
  await removeDeadTemps(dest);
  const size = await existingSize(dest);
  if (size !== null) return compareExisting(source, dest, size);
  const tmp = tempPathFor(dest);
  try {
    const written = await writeTemp(source, tmp, options.openSink ?? openFileSink);
    if (written.size !== source.size) throw new Error(`copied ${written.size} bytes, the source has ${source.size}`);
    const readBack = await hashFile(tmp);
    if (readBack.sha256 !== written.sha256 || readBack.size !== written.size) {
      throw new Error(`read-back sha256 ${readBack.sha256} (${readBack.size} bytes) differs from the copied ${written.sha256}`);
    }
    if (source.sha256 && source.sha256 !== written.sha256) {
      throw new Error(`sha256 ${written.sha256} differs from the ingest checksum ${source.sha256}`);
    }
    if (!(await commitNoReplace(tmp, dest))) {
      await unlink(tmp).catch(() => undefined);
      return compareExisting(source, dest, (await existingSize(dest)) ?? -1);
    }
    await fsyncDir(path.dirname(dest));
    return { path: dest, size: written.size, sha256: written.sha256, status: 'copied' };
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if (err instanceof InvalidInputError) throw err;
    // The message names the copy; describeError(err) appends the cause (ENOSPC, a checksum mismatch).
    throw new Error(`archive copy of "${source.label}" to "${dest}"`, { cause: err });
  }
}
