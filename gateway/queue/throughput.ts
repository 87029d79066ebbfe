// Throughput and step latencies over a recent window, from the calls journal: what the operations page shows.
import type { JournalEntry } from './callJournal.js';

export interface StepLatency {
  function: string;
  /** Successful attempts (2xx) in the window. */
  succeeded: number;
  /** Attempts that failed (non-2xx or unreachable) in the window. */
  failed: number;
  /** Nearest-rank percentiles of the successful attempts' durations (seconds, as the gateway timed the call); null when none. */
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface Throughput {
  windowSeconds: number;
  /** Distinct movies whose finalize call finished successfully in the window. */
  moviesFinalized: number;
  /** moviesFinalized scaled to one hour. */
  moviesPerHour: number;
  steps: StepLatency[];
}

/** Nearest-rank percentile (the smallest value with at least p % of the values at or below it) of sorted values. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Summarises journal entries of one window; `finalStep` is the step whose success means a movie is done. */
export function throughputOf(entries: readonly JournalEntry[], windowSeconds: number, finalStep = 'finalize'): Throughput {
  const byFn = new Map<string, { ok: number[]; failed: number }>();
  const finalized = new Set<string>();
  for (const e of entries) {
    if (e.event === 'attempt') {
      const s = byFn.get(e.function) ?? byFn.set(e.function, { ok: [], failed: 0 }).get(e.function)!;
      const ok = e.status !== null && e.status !== undefined && e.status >= 200 && e.status < 300;
      if (ok && e.seconds !== undefined) s.ok.push(e.seconds);
      else if (!ok) s.failed++;
    }
    if (e.event === 'done' && e.function === finalStep) finalized.add(e.movie ?? e.callId);
  }
  const steps = [...byFn.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fn, s]) => {
    const sorted = [...s.ok].sort((a, b) => a - b);
    return { function: fn, succeeded: sorted.length, failed: s.failed, p50Seconds: nearestRank(sorted, 50), p95Seconds: nearestRank(sorted, 95) };
  });
  return { windowSeconds, moviesFinalized: finalized.size, moviesPerHour: (finalized.size * 3600) / windowSeconds, steps };
}
