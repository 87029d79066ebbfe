// The gateway's alert rules: a function failing N calls in a row, dead letters waiting, the queue growing for M minutes,
// the archive file system short of space. Failures are seen per call; the others are checked periodically.
import { statfs } from 'node:fs/promises';
import type { AlertSettings, Alerts } from '../../lib/alerts/index.js';
import { describeError } from '../../lib/errors.js';
import type { Logger } from '../../lib/log.js';

export interface GatewayAlertSources {
  functionNames(): string[];
  depth(name: string): { queued: number; inflight: number };
  deadLetterCount(): Promise<number>;
}

export interface GatewayAlerts {
  /** Queue/proxy observer hook: every call or attempt with its status (null = unreachable). */
  observeCall(fn: string, kind: 'sync' | 'async', status: number | null, seconds: number): void;
  /** Evaluates the periodic rules once (the timer calls it; tests call it with their own clock). */
  check(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createGatewayAlerts(s: AlertSettings, alerts: Alerts, sources: GatewayAlertSources, log: Logger, now: () => number = Date.now): GatewayAlerts {
  const inARow = new Map<string, number>();
  let lastDepth = 0;
  let growingSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const report = (p: Promise<void>) => void p.catch((err: unknown) => log.warn('alert rule failed', { error: describeError(err) }));
  const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;

  async function check(): Promise<void> {
    const dead = await sources.deadLetterCount();
    await alerts.set('dead-letters', dead > 0, dead > 0 ? `${dead} dead letter(s) waiting: cryoem-daq ops dead-letters` : 'no dead letters waiting');
    const depth = sources.functionNames().reduce((sum, n) => sum + sources.depth(n).queued, 0);
    // Growing = non-empty and not shrinking since `growingSince`; any drain resets it.
    if (depth > 0 && depth >= lastDepth) growingSince ??= now();
    else growingSince = undefined;
    lastDepth = depth;
    const minutes = s.backlogGrowingMs / 60_000;
    const growing = growingSince !== undefined && now() - growingSince >= s.backlogGrowingMs;
    await alerts.set('backlog', growing, growing ? `async queue backlog (${depth} calls) has not shrunk for ${minutes} min` : `async queue backlog shrinking again (${depth} calls)`);
    if (s.archiveRoot) {
      const f = await statfs(s.archiveRoot);
      const free = f.bavail * f.bsize;
      const low = free < s.archiveFreeBytesMin;
      await alerts.set('archive-space', low, `archive ${s.archiveRoot}: ${gib(free)} free (threshold ${gib(s.archiveFreeBytesMin)})`);
    }
  }

  return {
    observeCall(fn, _kind, status) {
      const ok = status !== null && status >= 200 && status < 300;
      const n = ok ? 0 : (inARow.get(fn) ?? 0) + 1;
      inARow.set(fn, n);
      if (n === s.failuresInARow) report(alerts.set(`failures:${fn}`, true, `function "${fn}" failed ${n} calls in a row (last status ${status ?? 'unreachable'})`));
      if (ok) report(alerts.set(`failures:${fn}`, false, `function "${fn}" answers again`));
    },
    check,
    start() {
      timer = setInterval(() => report(check()), s.checkIntervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
