// A lock file shared by processes on any host (O_CREAT|O_EXCL), with takeover of locks left by dead holders.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { pidAlive } from './pidAlive.js';

export interface FileLockOptions {
  /** A lock older than this is stale (its holder died without unlinking it). @default 120000 */
  staleMs?: number;
  /** Give up after waiting this long. @default 60000 */
  timeoutMs?: number;
  /** Poll interval while another process holds the lock. @default 10 */
  retryMs?: number;
}

interface Holder {
  host: string;
  pid: number;
  token: string;
}

async function tryCreate(lockPath: string, holder: Holder): Promise<boolean> {
  try {
    const fh = await open(lockPath, 'wx', 0o644);
    await fh.writeFile(JSON.stringify({ ...holder, time: new Date().toISOString() }));
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** True when the lock at `lockPath` belongs to a dead process on this host or is older than staleMs. */
async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [st, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - st.mtimeMs > staleMs) return true;
    const held = JSON.parse(text) as Partial<Holder>;
    return held.host === hostname() && typeof held.pid === 'number' && !pidAlive(held.pid);
  } catch {
    // Vanished, or still being written by its creator (empty JSON): not ours to break.
    return false;
  }
}

/** Moves a stale lock aside (rename is atomic, so one process wins the takeover) and deletes it. */
async function breakStale(lockPath: string): Promise<void> {
  const aside = `${lockPath}.stale.${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
    await unlink(aside);
  } catch {
    // Another process broke or released it first.
  }
}

/** Runs `fn` while holding `lockPath`; the lock file is removed afterwards, also when `fn` throws. */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const { staleMs = 120_000, timeoutMs = 60_000, retryMs = 10 } = options;
  const holder: Holder = { host: hostname(), pid: process.pid, token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + timeoutMs;
  while (!(await tryCreate(lockPath, holder))) {
    if (await isStale(lockPath, staleMs)) {
      await breakStale(lockPath);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`lock "${lockPath}": still held after ${timeoutMs} ms`);
    await delay(retryMs + Math.random() * retryMs);
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
