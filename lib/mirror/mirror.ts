// The mirror: watches a share (chokidar), uploads each file once it is complete, resumes from the bucket, cleans up if asked.
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { watch } from 'chokidar';
import { describeError } from '../errors.js';
import { createLogger } from '../log.js';
import type { Logger } from '../log.js';
import type { ObjectStore } from '../store/index.js';
import { companionPaths } from './companion.js';
import { isIgnoredPath } from './ignore.js';
import { createProgressReporter } from './progress.js';
import type { MirrorStats } from './progress.js';
import { createSettleTracker } from './settle.js';
import { createShareMonitor } from './shareMonitor.js';
import { cleanupShareFile } from './shareCleanup.js';
import { createTokenBucket } from './tokenBucket.js';
import { uploadShareFile } from './uploadFile.js';

export interface MirrorOptions {
  /** Bucket key prefix, ending in "/", e.g. raw/<experiment>/<session>/. */
  prefix: string;
  /** Unchanged size and mtime for this long means complete. @default 5000 */
  settleMs?: number;
  /** Companion metadata whose appearance means complete (EPU). @default ['.xml'] */
  companionExtensions?: string[];
  /** Files uploaded at once. @default 2 */
  concurrency?: number;
  /** @default 16 MiB */
  partSizeBytes?: number;
  /** Total upload rate limit; undefined → unlimited. @default undefined */
  bandwidthBytesPerSec?: number;
  /** Delete share files this old after a verified upload; undefined → never delete. @default undefined */
  cleanupMinAgeMs?: number;
  /** Poll the share (network file systems do not deliver inotify events for remote writers). @default false */
  usePolling?: boolean;
  /** Exit once every file found is uploaded and nothing is growing. @default false */
  once?: boolean;
  /** With `once`: give up (stats.shareError set) after this many failed looks at a lost share. @default 5 */
  shareRetries?: number;
  /** Longest wait between looks at a lost share. @default 60000 */
  shareMaxBackoffMs?: number;
  /** Wait before retrying a failed upload. @default 5000 */
  retryDelayMs?: number;
  /** @default createLogger('mirror') */
  log?: Logger;
  /** Progress line sink; null → none. @default process.stderr.write */
  progress?: ((line: string) => void) | null;
  /** @default 2000 */
  progressIntervalMs?: number;
}

export interface Mirror {
  /** Resolves with the final stats when `once` finishes or after stop(). */
  done: Promise<MirrorStats>;
  stop(): Promise<MirrorStats>;
  stats(): MirrorStats;
}

type Phase = 'watching' | 'queued' | 'uploading' | 'done' | 'failed';
interface FileState { phase: Phase; retryAtMs: number; attempts: number }

/** Starts mirroring `shareDir` into the store's bucket under `options.prefix`. */
export function startMirror(shareDir: string, client: S3Client, store: Pick<ObjectStore, 'bucket' | 'head'>, options: MirrorOptions): Mirror {
  const o = { settleMs: 5000, companionExtensions: ['.xml'], concurrency: 2, retryDelayMs: 5000, progressIntervalMs: 2000, shareRetries: 5, shareMaxBackoffMs: 60_000, ...options };
  const log = o.log ?? createLogger('mirror', { bucket: store.bucket, prefix: o.prefix });
  const root = path.resolve(shareDir);
  const files = new Map<string, FileState>();
  const tracker = createSettleTracker(o.settleMs);
  const bucket = o.bandwidthBytesPerSec ? createTokenBucket(o.bandwidthBytesPerSec) : undefined;
  const stats: MirrorStats = { uploaded: 0, skipped: 0, failed: 0, deleted: 0, uploading: 0, waiting: 0, bytesSent: 0, startedMs: performance.now(), shareError: null, shareRetryInS: 0 };
  const share = createShareMonitor(root, o.shareMaxBackoffMs);
  const inFlight = new Map<string, number>();
  const relOf = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  let ready = false;
  let stopped = false;
  let finish: (s: MirrorStats) => void = () => undefined;
  const done = new Promise<MirrorStats>((resolve) => (finish = resolve));

  const touch = (rel: string): void => {
    const st = files.get(rel);
    if (!st || st.phase === 'done' || st.phase === 'failed') files.set(rel, { phase: 'watching', retryAtMs: 0, attempts: st?.attempts ?? 0 });
  };
  const startWatcher = () => {
    const w = watch(root, { ignored: (p: string) => isIgnoredPath(relOf(p)), usePolling: o.usePolling ?? false, interval: 200, ignoreInitial: false, persistent: true, followSymlinks: false });
    w.on('add', (p) => touch(relOf(p)));
    w.on('change', (p) => touch(relOf(p)));
    w.on('unlink', (p) => { files.delete(relOf(p)); tracker.forget(relOf(p)); });
    w.on('ready', () => { ready = true; });
    w.on('error', (err) => log.error('watch error', { error: describeError(err) }));
    return w;
  };
  let watcher = startWatcher();

  async function exists(rel: string): Promise<boolean> {
    return stat(path.join(root, rel)).then(() => true, () => false);
  }

  async function sample(rel: string, st: FileState, now: number): Promise<void> {
    let s;
    try {
      s = await lstat(path.join(root, rel));
    } catch {
      files.delete(rel);
      return;
    }
    // A link could point anywhere on the machine (another user's data, /etc): the mirror uploads only real files.
    if (s.isSymbolicLink()) {
      log.warn('skipped: symbolic link (the mirror does not follow links out of the share)', { path: rel });
      return void files.delete(rel);
    }
    if (!s.isFile()) return void files.delete(rel);
    tracker.observe(rel, { size: s.size, mtimeMs: s.mtimeMs }, now);
    let companion = false;
    for (const c of companionPaths(rel, o.companionExtensions)) if (await exists(c)) companion = true;
    if (tracker.isSettled(rel, now, companion)) st.phase = 'queued';
  }

  async function upload(rel: string, st: FileState): Promise<void> {
    st.phase = 'uploading';
    const key = `${o.prefix}${rel}`;
    const t0 = performance.now();
    log.info('uploading', { key });
    try {
      const res = await uploadShareFile(client, store, path.join(root, rel), key, {
        partSizeBytes: o.partSizeBytes, bucket,
        onProgress: (n) => { stats.bytesSent += n - (inFlight.get(rel) ?? 0); inFlight.set(rel, n); },
      });
      const seconds = (performance.now() - t0) / 1000;
      if (res.status === 'changed') {
        log.warn('changed during upload; will upload again once settled', { key });
        tracker.forget(rel);
        st.phase = 'watching';
      } else {
        st.phase = 'done';
        if (res.status === 'uploaded') stats.uploaded += 1; else stats.skipped += 1;
        log.info(res.status === 'uploaded' ? 'uploaded' : 'skipped: already in bucket', { key, size: res.size, sha256: res.sha256, seconds: Number(seconds.toFixed(3)) });
      }
    } catch (err) {
      st.attempts += 1;
      st.phase = 'failed';
      st.retryAtMs = performance.now() + o.retryDelayMs;
      log.error('upload failed', { key, attempt: st.attempts, error: describeError(err) });
    } finally {
      inFlight.delete(rel);
    }
  }

  async function cleanup(rel: string, st: FileState, nowMs: number): Promise<void> {
    st.retryAtMs = nowMs + Math.max(1000, o.retryDelayMs);
    const abs = path.join(root, rel);
    const s = await stat(abs).catch(() => null);
    if (!s) return;
    const decision = await cleanupShareFile(abs, { size: s.size, mtimeMs: s.mtimeMs }, await store.head(`${o.prefix}${rel}`), { minAgeMs: o.cleanupMinAgeMs ?? Infinity });
    if (decision.ok) {
      stats.deleted += 1;
      files.delete(rel);
      tracker.forget(rel);
      log.info('deleted from share', { key: `${o.prefix}${rel}`, reason: decision.reason });
    }
  }

  let lastShareCheckMs = -Infinity;
  let ticking = false;
  async function tick(): Promise<void> {
    if (ticking || stopped) return;
    ticking = true;
    try {
      const now = performance.now();
      if (!(await shareHealthy(now))) return;
      for (const [rel, st] of files) {
        if (st.phase === 'failed' && now >= st.retryAtMs && !(o.once && st.attempts >= 3)) st.phase = 'queued';
        if (st.phase === 'watching') await sample(rel, st, now);
        if (st.phase === 'done' && o.cleanupMinAgeMs !== undefined && now >= st.retryAtMs) await cleanup(rel, st, now);
      }
      const active = [...files.values()].filter((s) => s.phase === 'uploading').length;
      const queued = [...files.entries()].filter(([, s]) => s.phase === 'queued').slice(0, Math.max(0, o.concurrency - active));
      for (const [rel, st] of queued) void upload(rel, st);
      updateCounts();
      if (o.once && ready && stats.uploading === 0 && stats.waiting === 0) void stop();
    } finally {
      ticking = false;
    }
  }

  /**
   * False while the share is lost: nothing is sampled (a vanished share must not read as "0 waiting"),
   * the loss is logged once as an error and looked at again with backoff; back, the watcher restarts.
   */
  async function shareHealthy(now: number): Promise<boolean> {
    if (stats.shareError !== null && !share.due(now)) {
      stats.shareRetryInS = share.retryInS(now);
      return false;
    }
    // A healthy share is looked at once a second (a readdir of a large share is not free).
    if (stats.shareError === null && now - lastShareCheckMs < 1000) return true;
    lastShareCheckMs = now;
    const problem = await share.check(now);
    stats.shareRetryInS = share.retryInS(now);
    if (problem === null) {
      if (stats.shareError !== null) {
        log.info('share available again; rescanning', { share: root });
        stats.shareError = null;
        ready = false;
        await watcher.close();
        watcher = startWatcher();
      }
      return true;
    }
    if (stats.shareError === null) log.error('share unavailable; mirroring paused, retrying with backoff', { share: root, error: problem });
    else log.warn('share still unavailable', { share: root, error: problem, attempt: share.failures(), retryInS: stats.shareRetryInS });
    stats.shareError = problem;
    if (o.once && share.failures() >= o.shareRetries) void stop();
    return false;
  }

  function updateCounts(): void {
    const states = [...files.values()];
    stats.uploading = states.filter((s) => s.phase === 'uploading').length;
    stats.waiting = states.filter((s) => s.phase === 'watching' || s.phase === 'queued' || (s.phase === 'failed' && !(o.once && s.attempts >= 3))).length;
    stats.failed = states.filter((s) => s.phase === 'failed').length;
  }

  const report = o.progress === null ? null : createProgressReporter(o.progress ?? ((l) => process.stderr.write(l)));
  const tickTimer = setInterval(() => void tick(), Math.min(250, Math.max(20, o.settleMs / 5)));
  const progressTimer = report ? setInterval(() => report(stats), o.progressIntervalMs) : null;

  async function stop(): Promise<MirrorStats> {
    if (stopped) return done;
    stopped = true;
    clearInterval(tickTimer);
    if (progressTimer) clearInterval(progressTimer);
    await watcher.close();
    while ([...files.values()].some((s) => s.phase === 'uploading')) await new Promise((r) => setTimeout(r, 20));
    updateCounts();
    report?.(stats);
    finish({ ...stats });
    return done;
  }

  return { done, stop, stats: () => ({ ...stats }) };
}
