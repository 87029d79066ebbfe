// Decides when a growing file is complete: size and mtime unchanged for the settle time, or its companion file seen.

export interface FileSample {
  size: number;
  mtimeMs: number;
}

interface Tracked extends FileSample {
  stableSinceMs: number;
  samples: number;
}

export interface SettleTracker {
  /** Records a stat of `rel` at `nowMs`; returns true when it differs from the previous one. */
  observe(rel: string, sample: FileSample, nowMs: number): boolean;
  /** True once `rel` has been unchanged for settleMs, or unchanged across two samples when `companionSeen`. */
  isSettled(rel: string, nowMs: number, companionSeen?: boolean): boolean;
  /** The last sample of `rel`, if tracked. */
  last(rel: string): FileSample | undefined;
  forget(rel: string): void;
}

/** A tracker for files that must stay unchanged for `settleMs` before upload. */
export function createSettleTracker(settleMs: number): SettleTracker {
  const files = new Map<string, Tracked>();
  return {
    observe(rel, s, nowMs) {
      const t = files.get(rel);
      if (t && t.size === s.size && t.mtimeMs === s.mtimeMs) {
        t.samples += 1;
        return false;
      }
      files.set(rel, { ...s, stableSinceMs: nowMs, samples: 1 });
      return true;
    },
    isSettled(rel, nowMs, companionSeen = false) {
      const t = files.get(rel);
      if (!t) return false;
      if (companionSeen && t.samples >= 2) return true;
      return nowMs - t.stableSinceMs >= settleMs;
    },
    last: (rel) => {
      const t = files.get(rel);
      return t ? { size: t.size, mtimeMs: t.mtimeMs } : undefined;
    },
    forget: (rel) => void files.delete(rel),
  };
}
