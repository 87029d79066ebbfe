// Notices a share that vanished mid-run (an unmounted CIFS share) and paces the checks that wait for it with backoff.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../errors.js';

export interface ShareMonitor {
  /** null while the share is there; else what is wrong with it. */
  check(nowMs: number): Promise<string | null>;
  /** Whether a lost share is due for another look (backoff 1 s, 2 s, 4 s … up to `maxBackoffMs`). */
  due(nowMs: number): boolean;
  /** Seconds until the next look, for the progress line. */
  retryInS(nowMs: number): number;
  /** Failed looks since the share was lost. */
  failures(): number;
}

/**
 * Watches `root`. Besides a missing or unlistable folder: when `root` was a mount point at the first
 * look (another device than its parent) and later is not, the mount went away and the bare, empty
 * mount point is showing: reported, not mirrored as an empty share. A remount counts as back.
 */
export function createShareMonitor(root: string, maxBackoffMs = 60_000): ShareMonitor {
  let mountPoint: boolean | undefined;
  let failures = 0;
  let nextMs = 0;
  const problem = async (): Promise<string | null> => {
    try {
      const s = await stat(root);
      if (!s.isDirectory()) return `share "${root}" is no longer a folder`;
      await readdir(root);
      const isMountPoint = s.dev !== (await stat(path.dirname(root))).dev;
      if (mountPoint === true && !isMountPoint) return `share "${root}" is no longer mounted (the bare mount point shows)`;
      mountPoint ??= isMountPoint;
      return null;
    } catch (err) {
      return `share "${root}" is unavailable (${describeError(err)})`;
    }
  };
  return {
    async check(nowMs) {
      const p = await problem();
      if (p === null) failures = 0;
      else nextMs = nowMs + Math.min(maxBackoffMs, 1000 * 2 ** failures++);
      return p;
    },
    due: (nowMs) => nowMs >= nextMs,
    retryInS: (nowMs) => Math.max(0, Math.ceil((nextMs - nowMs) / 1000)),
    failures: () => failures,
  };
}
