// Crash-safe file primitives: temporary names beside the target, fsync of file and folder, atomic replace.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { pidAlive } from './pidAlive.js';

const TEMP_SUFFIX = '.partial';

/** `.<name>.<host>.<pid>.<random>.partial` in the target's folder: hidden, and owned by this process. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/** True for names made by tempPathFor (anything the tape policy and listings must ignore). */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** fsync a folder so a rename or link in it survives a crash (POSIX: the entry lives in the folder). */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** mkdir -p, then fsync each parent of a folder that was created. */
export async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; d.length >= first.length; d = path.dirname(d)) await fsyncDir(path.dirname(d));
}

/** Removes temporaries for `target` left by dead processes on this host (a killed finalizer). */
export async function removeDeadTemps(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.${hostname()}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || pidAlive(pid)) continue;
    await unlink(path.join(dir, name)).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

/** Writes `data` to `target` atomically: temp file, fsync, rename over the target, fsync the folder. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdirDurable(path.dirname(target));
  const tmp = tempPathFor(target);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  await rename(tmp, target);
  await fsyncDir(path.dirname(target));
}
